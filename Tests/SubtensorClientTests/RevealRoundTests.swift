import Foundation
import HexCoding
import Subtensor
import Testing
import TestSupport
import Timelock

/// Our reveal rounds against the libraries the SDKs call: bittensor-drand 2.0.0
/// (`get_encrypted_commit_v2`, stateful epochs) and bittensor-commit-reveal 0.2.0 (SDK 9.0.0's
/// CR v3). Both read the wall clock, so ours is computed just before and just after the peer
/// runs and must bracket its answer.
@Suite("reveal rounds against bittensor-drand and bittensor-commit-reveal")
struct RevealRoundTests {
    static func peer(_ command: String, _ arguments: [String: Any]) throws -> [String: Any] {
        try PythonPeerScript.call(PythonPeerScript.path("scripts/timelock/peer.py"), command, arguments)
    }

    static var nowMilliseconds: UInt64 { UInt64(Date().timeIntervalSince1970 * 1_000) }

    @Test("stateful epochs: the same reveal round as get_encrypted_commit_v2, for pending, periodic and late epochs")
    func stateful() throws {
        let cases: [EpochSchedule.State] = [
            .init(lastEpochBlock: 1_000, pendingEpochAt: 0, epochIndex: 5, tempo: 360, blocksSinceLastStep: 200, currentBlock: 1_200),
            .init(lastEpochBlock: 1_000, pendingEpochAt: 1_250, epochIndex: 5, tempo: 360, blocksSinceLastStep: 200, currentBlock: 1_200),
            .init(lastEpochBlock: 4_990, pendingEpochAt: 0, epochIndex: 499, tempo: 10, blocksSinceLastStep: 10, currentBlock: 5_000),
            .init(lastEpochBlock: 100, pendingEpochAt: 0, epochIndex: 1, tempo: 99, blocksSinceLastStep: 60_000, currentBlock: 150),
        ]
        for (index, state) in cases.enumerated() {
            let period: UInt64 = index == 1 ? 3 : 1
            let reveal = try EpochSchedule.firstRevealBlock(from: state, revealPeriod: period)
            let before = Self.nowMilliseconds
            let answer = try Self.peer(
                "commit_v4",
                [
                    "uids": [0, 1], "weights": [65535, 10], "version_key": 1, "last_epoch_block": state.lastEpochBlock,
                    "pending_epoch_at": state.pendingEpochAt, "subnet_epoch_index": state.epochIndex, "tempo": Int(state.tempo),
                    "blocks_since_last_step": state.blocksSinceLastStep, "current_block": state.currentBlock,
                    "subnet_reveal_period_epochs": period, "block_time": 12.0, "hotkey": Hex.encode([UInt8](repeating: 7, count: 32)),
                ])
            let after = Self.nowMilliseconds
            let round = try #require((answer["reveal_round"] as? NSNumber)?.uint64Value)
            let low = RevealRound.round(
                revealBlock: reveal, currentBlock: state.currentBlock, blockMilliseconds: 12_000, nowMilliseconds: before, chain: .quicknet)
            let high = RevealRound.round(
                revealBlock: reveal, currentBlock: state.currentBlock, blockMilliseconds: 12_000, nowMilliseconds: after, chain: .quicknet)
            #expect((low...high).contains(round), "case \(index): peer \(round), ours \(low)…\(high), reveal block \(reveal)")
        }
        #expect(throws: EpochSchedule.PredictionError.tempoIsZero) {
            try EpochSchedule.firstRevealBlock(
                from: .init(lastEpochBlock: 0, pendingEpochAt: 0, epochIndex: 0, tempo: 0, blocksSinceLastStep: 0, currentBlock: 9),
                revealPeriod: 1)
        }
    }

    @Test("CR v3: the same round as bittensor-commit-reveal 0.2.0 and the legacy payload it encrypts")
    func legacy() throws {
        for (block, netuid, tempo, period) in [(5_000_000, 1, 360, 1), (1_234, 27, 99, 2), (719, 1, 360, 1)]
            as [(UInt64, UInt16, UInt16, UInt64)]
        {
            let before = Self.nowMilliseconds / 1_000
            let answer = try Self.peer(
                "commit_v3",
                [
                    "uids": [0, 5], "weights": [65535, 100], "version_key": 123, "tempo": Int(tempo),
                    "current_block": block, "netuid": Int(netuid), "subnet_reveal_period_epochs": period,
                ])
            let after = Self.nowMilliseconds / 1_000
            let round = try #require((answer["reveal_round"] as? NSNumber)?.uint64Value)
            let low = RevealRound.legacyRound(
                currentBlock: block, netuid: netuid, tempo: tempo, revealPeriod: period, blockSeconds: 12,
                nowSeconds: before, chain: .quicknet)
            let high = RevealRound.legacyRound(
                currentBlock: block, netuid: netuid, tempo: tempo, revealPeriod: period, blockSeconds: 12,
                nowSeconds: after, chain: .quicknet)
            #expect((low...high).contains(round), "block \(block): peer \(round), ours \(low)…\(high)")
            let payload = WeightsTlockPayload(hotkey: nil, uids: [0, 5], values: [65_535, 100], versionKey: 123)
            #expect(answer["payload"] as? String == Hex.encode(payload.bytes))
        }
    }
}
