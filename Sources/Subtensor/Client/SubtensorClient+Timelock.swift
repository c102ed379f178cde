import BittensorCrypto
import Timelock

extension SubtensorClient {
    /// Seconds per block that the SDK assumes when it turns a reveal block into a drand round.
    static let blockMilliseconds: UInt64 = 12_000

    /// Commits weights timelocked to drand quicknet ("CR v3/v4"): the payload is encrypted to the
    /// round that will be published when the reveal block comes, and the chain decrypts and
    /// applies it by itself in the reveal epoch. Version 4 and up use `commit_timelocked_weights`
    /// with the hotkey in the payload; version 3 uses `commit_crv3_weights` where the runtime has it.
    func commitTimelocked(
        netuid: Int, signer: Keypair, uids: [UInt16], values: [UInt16], versionKey: UInt64,
        parameters: SubnetHyperparameters
    ) async throws -> WeightsSubmission {
        guard let netuid16 = UInt16(exactly: netuid), let version = parameters.commitRevealVersion,
            let version16 = UInt16(exactly: version)
        else { throw ChainError.unknownSubnet(netuid) }
        guard let tempo = UInt16(exactly: parameters.tempo), let period = UInt64(exactly: parameters.commitRevealPeriod) else {
            throw SubtensorClientError.unexpectedValue(
                field: "Tempo/RevealPeriodEpochs", detail: "tempo \(parameters.tempo), reveal period \(parameters.commitRevealPeriod)")
        }
        let head = UInt64(try await currentBlock())
        let nowMilliseconds = UInt64(max(0, WallClock.nanoseconds() / 1_000_000))
        let metadata = try await currentRuntime().metadata
        let useCRV3 = version < 4
        if useCRV3 {
            // Fails with the metadata's own error when the runtime has no such call.
            _ = try metadata.call(pallet: "SubtensorModule", call: "commit_crv3_weights")
        }
        let revealBlock: UInt64
        let round: UInt64
        if useCRV3 {
            revealBlock = EpochSchedule.moduloFirstRevealBlock(currentBlock: head, netuid: netuid16, tempo: tempo, revealPeriod: period)
            round = RevealRound.legacyRound(
                currentBlock: head, netuid: netuid16, tempo: tempo, revealPeriod: period,
                blockSeconds: Self.blockMilliseconds / 1_000, nowSeconds: nowMilliseconds / 1_000, chain: .quicknet)
        } else {
            revealBlock = try await firstRevealBlock(netuid: netuid, netuid16: netuid16, tempo: tempo, period: period, head: head)
            round = RevealRound.round(
                revealBlock: revealBlock, currentBlock: head, blockMilliseconds: Self.blockMilliseconds,
                nowMilliseconds: nowMilliseconds, chain: .quicknet)
        }
        let payload = WeightsTlockPayload(
            hotkey: useCRV3 ? nil : signer.publicKey.bytes, uids: uids, values: values, versionKey: versionKey)
        let commit = Timelock.encrypt(payload.bytes, round: round, chain: .quicknet).bytes
        try await submit(signer: signer) { metadata in
            useCRV3
                ? try SubtensorCall.commitCRV3Weights(netuid: netuid16, commit: commit, revealRound: round, metadata: metadata)
                : try SubtensorCall.commitTimelockedWeights(
                    netuid: netuid16, commit: commit, revealRound: round,
                    commitRevealVersion: version16, metadata: metadata)
        }
        return .timelocked(revealRound: round, revealBlock: Int(clamping: revealBlock), commitRevealVersion: version)
    }

    /// The reveal block predicted from the subnet's epoch state where the runtime keeps one
    /// (`SubnetEpochIndex`), else by modulo epochs.
    private func firstRevealBlock(netuid: Int, netuid16: UInt16, tempo: UInt16, period: UInt64, head: UInt64) async throws -> UInt64 {
        guard try await hasStorage("SubnetEpochIndex") else {
            return EpochSchedule.moduloFirstRevealBlock(currentBlock: head, netuid: netuid16, tempo: tempo, revealPeriod: period)
        }
        let key = try Self.netuidKey(netuid)
        func read(_ item: String) async throws -> UInt64 {
            guard let value = try await storageValue(item, keys: [key])?.unsigned, let number = UInt64(exactly: value) else {
                throw SubtensorClientError.unexpectedValue(field: item, detail: "not a u64")
            }
            return number
        }
        let state = EpochSchedule.State(
            lastEpochBlock: try await read("LastEpochBlock"), pendingEpochAt: try await read("PendingEpochAt"),
            epochIndex: try await read("SubnetEpochIndex"), tempo: tempo,
            blocksSinceLastStep: try await read("BlocksSinceLastStep"), currentBlock: head)
        return try EpochSchedule.firstRevealBlock(from: state, revealPeriod: period)
    }
}
