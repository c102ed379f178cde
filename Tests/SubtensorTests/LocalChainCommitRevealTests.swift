import BittensorCrypto
import Foundation
import Testing
import Timelock
@testable import Subtensor

/// Timelocked commit-reveal on the local chain: the SDK's side (encrypt to the beacon round of
/// the reveal epoch) and the chain's (store, sign and verify the pulse, decrypt, check the hotkey,
/// apply; drop with an event otherwise), with 250 ms blocks, a tempo of 10 and 1 s beacon rounds.
@Suite("the local chain's timelocked commit-reveal")
struct LocalChainCommitRevealTests {
    static func chain(_ file: LocalChainTests.ChainFile) throws -> LocalChain {
        var parameters = LocalChainParameters.fast
        parameters.weightsRateLimit = 0
        return try LocalChain(path: file.path, blockSeconds: 0.25, parameters: parameters)
    }

    /// Polls `condition` for up to `seconds`.
    static func eventually(_ seconds: Double, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1_000))
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await condition()
    }

    @Test("weights committed now appear after the reveal epoch, decrypted by another connection, then move incentive")
    func commitThenReveal() async throws {
        let file = LocalChainTests.ChainFile()
        let chain = try Self.chain(file)
        let validator = try Keypair(uri: "//Alice").ss58Address
        let validatorUID = try await chain.register(netuid: 27, hotkey: validator, coldkey: "c")
        let strong = try await chain.register(netuid: 27, hotkey: "strong", coldkey: "c")
        let weak = try await chain.register(netuid: 27, hotkey: "weak", coldkey: "c")
        try await chain.addStake(netuid: 27, hotkey: validator, rao: 1_000_000_000_000)
        #expect(try await chain.hyperparameters(netuid: 27).requiresTimelockedCommitReveal)

        let submission = try await chain.setWeights(
            netuid: 27, hotkey: validator, uids: [strong, weak], weights: [1.0, 0.25], versionKey: 190)
        guard case let .timelocked(round, revealBlock, version) = submission else { Issue.record("\(submission)"); return }
        #expect(version == 4)
        let committedAt = try await chain.currentBlock()
        #expect(revealBlock % 10 == 0 && revealBlock > committedAt)
        #expect(try await chain.weights(netuid: 27, validatorUID: validatorUID).isEmpty)
        #expect(try await chain.pendingTimelockedCommits(netuid: 27) == 1)

        // Another process (a fresh connection) is the one that finds the commit due.
        let other = try Self.chain(file)
        let revealed = try await Self.eventually(15) { try await !other.weights(netuid: 27, validatorUID: validatorUID).isEmpty }
        let events = try await other.events(netuid: 27)
        #expect(revealed, "\(events)")
        let blockNow = try await other.currentBlock()
        #expect(blockNow >= revealBlock)
        #expect(try await other.weights(netuid: 27, validatorUID: validatorUID).map(\.weight) == [65_535, 16_384])
        #expect(
            try await other.events(netuid: 27).contains { $0.name == "TimelockedWeightsRevealed" && $0.detail.contains("round \(round)") })
        _ = events
        // The pulse that opened it verifies against the chain's beacon key, as the pallet requires.
        let moved = try await Self.eventually(8) {
            let metagraph = try await other.metagraph(netuid: 27)
            return abs((metagraph.neurons.first { $0.uid == strong }?.incentive ?? 0) - 0.8) < 1e-4
        }
        #expect(moved)
    }

    @Test("bad ciphertext, another hotkey's payload and a round that never comes are dropped with events; bounds are refused")
    func dropped() async throws {
        let file = LocalChainTests.ChainFile()
        let chain = try Self.chain(file)
        let alice = try Keypair(uri: "//Alice"), bob = try Keypair(uri: "//Bob"), charlie = try Keypair(uri: "//Charlie")
        for key in [alice, bob, charlie] { try await chain.register(netuid: 27, hotkey: key.ss58Address, coldkey: "c") }
        let block = try await chain.currentBlock()
        let beacon = await chain.beaconChain
        // The round the SDK would pick: three blocks into the next epoch.
        let round = RevealRound.round(
            revealBlock: UInt64((block / 10 + 1) * 10), currentBlock: UInt64(block), blockMilliseconds: 250,
            nowMilliseconds: UInt64(Date().timeIntervalSince1970 * 1_000), chain: beacon)
        // Alice: not a ciphertext at all.
        try await chain.commitTimelockedWeights(netuid: 27, hotkey: alice.ss58Address, commit: [1, 2, 3], revealRound: round)
        // Bob: a valid ciphertext whose payload names Charlie.
        let foreign = WeightsTlockPayload(hotkey: charlie.publicKey.bytes, uids: [0], values: [65_535], versionKey: 1)
        try await chain.commitTimelockedWeights(
            netuid: 27, hotkey: bob.ss58Address,
            commit: Timelock.encrypt(foreign.bytes, round: round, chain: beacon).bytes, revealRound: round)
        // Charlie: encrypted to a round long after the reveal epoch.
        let late = WeightsTlockPayload(hotkey: charlie.publicKey.bytes, uids: [0], values: [65_535], versionKey: 1)
        try await chain.commitTimelockedWeights(
            netuid: 27, hotkey: charlie.ss58Address,
            commit: Timelock.encrypt(late.bytes, round: round + 10_000, chain: beacon).bytes,
            revealRound: round + 10_000)
        await #expect(throws: ChainError.self) {
            try await chain.commitTimelockedWeights(
                netuid: 27, hotkey: alice.ss58Address, commit: [UInt8](repeating: 0, count: 5_001), revealRound: round)
        }
        let settled = try await Self.eventually(20) {
            let pending = try await chain.pendingTimelockedCommits(netuid: 27)
            let now = try await chain.currentBlock()
            return pending == 0 && now > block + 25
        }
        #expect(settled)
        let dropped = try await chain.events(netuid: 27).filter { $0.name == "TimelockedCommitDropped" }.map(\.detail)
        #expect(dropped.count == 3, "\(dropped)")
        #expect(dropped.contains { $0.contains("timelock ciphertext") && $0.contains(alice.ss58Address) }, "\(dropped)")
        #expect(dropped.contains { $0.contains("hotkey is not the committer's") && $0.contains(bob.ss58Address) }, "\(dropped)")
        #expect(dropped.contains { $0.contains("no pulse for round \(round + 10_000)") }, "\(dropped)")
        for key in [alice, bob, charlie] {
            let uid = try #require(try await chain.metagraph(netuid: 27).neuron(hotkey: key.ss58Address)?.uid)
            #expect(try await chain.weights(netuid: 27, validatorUID: uid).isEmpty)
        }
    }
}
