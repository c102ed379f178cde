import BittensorCrypto
import Foundation
import HexCoding
import SCALE

extension SubtensorClient {
    /// The signer, which must be `hotkey` when one is named.
    func requireSigner(hotkey: String?) throws -> Keypair {
        guard let signer else { throw SubtensorClientError.noSigner }
        if let hotkey, hotkey != signer.ss58Address {
            throw SubtensorClientError.signerMismatch(requested: hotkey, signer: signer.ss58Address)
        }
        return signer
    }

    // MARK: - serve_axon

    public func serveAxon(netuid: Int, hotkey: String, axon: AxonInfo) async throws {
        let signer = try requireSigner(hotkey: hotkey)
        try await requireSubnet(netuid)
        guard try await uid(of: signer.publicKey.bytes, netuid: netuid) != nil else {
            throw ChainError.notRegistered(hotkey: hotkey, netuid: netuid)
        }
        guard let (ip, ipType) = IPAddressText.parse(axon.ip), axon.ipType == ipType else {
            throw ChainError.invalidAxon("ip \(axon.ip) is not an IPv\(axon.ipType) address")
        }
        // The chain's serve_axon rules (subnets/serving.rs), checked here to name them plainly.
        if ipType == 4, ip == 0x7F00_0001 || ip >= 0xFFFF_FFFF {
            throw ChainError.invalidAxon("ip \(axon.ip) is refused by the chain (loopback or broadcast): publish the external address")
        }
        if ipType == 6, ip == 1 || ip == UInt128.max {
            throw ChainError.invalidAxon("ip \(axon.ip) is refused by the chain (loopback or all-ones): publish the external address")
        }
        guard let port = UInt16(exactly: axon.port), port != 0 else { throw ChainError.invalidAxon("port \(axon.port) must be 1…65535") }
        guard let version = UInt32(exactly: axon.version), let proto = UInt8(exactly: axon.protocolNumber) else {
            throw ChainError.invalidAxon("version and protocol must fit u32 and u8")
        }
        // Like the SDK: no transaction when the chain already holds exactly this axon.
        if let current = try await storageValue("Axons", keys: [Self.netuidKey(netuid), signer.publicKey.bytes]),
            current["ip"]?.unsigned == ip, current["port"]?.unsigned == UInt128(port), current["version"]?.unsigned == UInt128(version),
            current["ip_type"]?.unsigned == UInt128(ipType), current["protocol"]?.unsigned == UInt128(proto)
        {
            return
        }
        try await submit(signer: signer) { metadata in
            try SubtensorCall.serveAxon(
                netuid: UInt16(netuid), version: version, ip: ip, port: port, ipType: UInt8(ipType),
                protocolNumber: proto, metadata: metadata)
        }
    }

    // MARK: - Weights

    /// Sets weights as the subnet asks: directly; timelocked to a drand round (commit-reveal
    /// version 3 and up, the chain reveals by itself); or as a hash commit (older commit-reveal),
    /// revealing an earlier commit first once its reveal epoch has come.
    @discardableResult
    public func setWeights(netuid: Int, hotkey: String, uids: [Int], weights: [Double], versionKey: Int) async throws -> WeightsSubmission {
        let signer = try requireSigner(hotkey: hotkey)
        let parameters = try await hyperparameters(netuid: netuid)
        guard let myUID = try await uid(of: signer.publicKey.bytes, netuid: netuid) else {
            throw ChainError.notRegistered(hotkey: hotkey, netuid: netuid)
        }
        guard let key = UInt64(exactly: versionKey) else { throw ChainError.invalidWeights("version key \(versionKey) must be ≥ 0") }
        // The chain's check_version_key: at least the subnet's weights version key.
        guard versionKey >= parameters.weightsVersionKey else {
            throw ChainError.invalidWeights(
                "version key \(versionKey) is below subnet \(netuid)'s weights version key \(parameters.weightsVersionKey)")
        }
        let (normalizedUIDs, normalizedWeights) = try WeightCommitment.normalize(uids: uids, weights: weights)
        guard !normalizedUIDs.isEmpty else { throw ChainError.invalidWeights("all weights are zero: nothing to set") }
        if parameters.requiresTimelockedCommitReveal {
            try await checkRateLimit(netuid: netuid, uid: myUID, limit: parameters.weightsRateLimit)
            return try await commitTimelocked(
                netuid: netuid, signer: signer, uids: normalizedUIDs, values: normalizedWeights,
                versionKey: key, parameters: parameters)
        } else if parameters.commitRevealEnabled {
            // Reveals are not rate-limited; a due one must not wait behind the commit's limit.
            try await revealIfDue(netuid: netuid, signer: signer, parameters: parameters)
            try await checkRateLimit(netuid: netuid, uid: myUID, limit: parameters.weightsRateLimit)
            guard try await pendingReveals(netuid: netuid, signer: signer).count < Self.maximumUnrevealedCommits else {
                throw ChainError.invalidWeights(
                    "\(Self.maximumUnrevealedCommits) commits on subnet \(netuid) still wait for their reveal epoch")
            }
            let revealEpoch = try await commit(
                netuid: netuid, signer: signer, uids: normalizedUIDs, values: normalizedWeights,
                versionKey: key, parameters: parameters)
            return .hashCommitted(revealEpoch: revealEpoch)
        } else {
            try await checkRateLimit(netuid: netuid, uid: myUID, limit: parameters.weightsRateLimit)
            try await submit(signer: signer) { metadata in
                try SubtensorCall.setWeights(
                    netuid: UInt16(netuid), uids: normalizedUIDs, weights: normalizedWeights,
                    versionKey: key, metadata: metadata)
            }
            return .set
        }
    }

    /// Reveals the pending hash commit of `netuid` if its reveal epoch has come; true if it did.
    @discardableResult
    public func revealPendingWeights(netuid: Int) async throws -> Bool {
        let signer = try requireSigner(hotkey: nil)
        return try await revealIfDue(netuid: netuid, signer: signer, parameters: try await hyperparameters(netuid: netuid))
    }

    /// This client's hash commits waiting on `netuid`: the chain's epoch now, and the epoch in
    /// which each commit must be revealed (oldest first).
    public func pendingRevealEpochs(netuid: Int) async throws -> (now: Int, revealEpochs: [Int]) {
        let signer = try requireSigner(hotkey: nil)
        let parameters = try await hyperparameters(netuid: netuid)
        let now = try await epoch(netuid: netuid, tempo: parameters.tempo)
        return (now, try await pendingReveals(netuid: netuid, signer: signer).map(\.revealEpoch))
    }

    private func checkRateLimit(netuid: Int, uid: Int, limit: Int) async throws {
        let updates = try await storageValue("LastUpdate", keys: [Self.netuidKey(netuid)])?.elements ?? []
        guard uid < updates.count else { return }
        let last = try Self.integer(updates[uid], "LastUpdate")
        let now = try await currentBlock()
        // The chain's rule: allowed when never set, or `now - last >= limit`.
        if last != 0, now - last < limit { throw ChainError.rateLimited(blocksLeft: limit - (now - last)) }
    }

    /// The subnet's epoch as the chain counts it for commit-reveal: `SubnetEpochIndex` where the
    /// runtime has it, else `(block + netuid + 1) / (tempo + 1)` as older runtimes did.
    private func epoch(netuid: Int, tempo: Int) async throws -> Int {
        if try await hasStorage("SubnetEpochIndex") {
            return try Self.integer(try await storageValue("SubnetEpochIndex", keys: [Self.netuidKey(netuid)]), "SubnetEpochIndex")
        }
        return (try await currentBlock() + netuid + 1) / (tempo + 1)
    }

    /// Commits the weights' hash. The reveal is written to the journal first, so a commit that
    /// reaches the chain is never without its reveal; it is taken out again only when the chain
    /// certainly refused the commit.
    private func commit(
        netuid: Int, signer: Keypair, uids: [UInt16], values: [UInt16], versionKey: UInt64,
        parameters: SubnetHyperparameters
    ) async throws -> Int {
        var salt: [UInt16] = []
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<8 { salt.append(UInt16.random(in: 0...UInt16.max, using: &generator)) }
        let hash = WeightCommitment.commitHash(
            hotkey: signer.publicKey.bytes, netuid: UInt16(netuid), uids: uids, values: values,
            salt: salt, versionKey: versionKey)
        let commitEpoch = try await epoch(netuid: netuid, tempo: parameters.tempo)
        let reveal = PendingReveal(
            netuid: netuid, hotkey: signer.ss58Address, genesisHash: try await genesisHex(),
            uids: uids, values: values, salt: salt, versionKey: versionKey,
            revealEpoch: commitEpoch + parameters.commitRevealPeriod)
        try updatePendingReveals { $0.append(reveal) }
        do {
            try await submit(signer: signer) { metadata in
                try SubtensorCall.commitWeights(netuid: UInt16(netuid), commitHash: hash, metadata: metadata)
            }
        } catch let error as SubtensorClientError {
            switch error {
            case .rejected, .dispatchFailed: try updatePendingReveals { $0.removeAll { $0.salt == reveal.salt } }
            default: break  // it may have reached a block: keep the reveal
            }
            throw error
        }
        return reveal.revealEpoch
    }

    /// Reveals every pending commit of `netuid` whose reveal epoch is now and forgets those past
    /// it (the chain would refuse them as expired); true if any was revealed. A reveal the chain
    /// refuses is tried again at the next call, up to ``maximumRevealAttempts`` times.
    @discardableResult
    private func revealIfDue(netuid: Int, signer: Keypair, parameters: SubnetHyperparameters) async throws -> Bool {
        let pending = try await pendingReveals(netuid: netuid, signer: signer)
        guard !pending.isEmpty else { return false }
        let now = try await epoch(netuid: netuid, tempo: parameters.tempo)
        let expired = Set(pending.filter { $0.revealEpoch < now }.map(\.salt))
        if !expired.isEmpty { try updatePendingReveals { $0.removeAll { expired.contains($0.salt) } } }
        var revealed = false
        for reveal in pending where reveal.revealEpoch == now {
            // Another call on this actor (the validator's reveal check, a weight setting) may be
            // sending it now, or have sent it since `pending` was read; a second reveal would fail.
            guard !revealsInFlight.contains(reveal.salt), try loadedPendingReveals().contains(where: { $0.salt == reveal.salt }) else {
                continue
            }
            revealsInFlight.insert(reveal.salt)
            defer { revealsInFlight.remove(reveal.salt) }
            do {
                try await submit(signer: signer) { metadata in
                    try SubtensorCall.revealWeights(
                        netuid: UInt16(netuid), uids: reveal.uids, values: reveal.values, salt: reveal.salt,
                        versionKey: reveal.versionKey, metadata: metadata)
                }
            } catch {
                try updatePendingReveals { reveals in
                    guard let index = reveals.firstIndex(where: { $0.salt == reveal.salt }) else { return }
                    reveals[index].failedAttempts += 1
                    if reveals[index].failedAttempts >= Self.maximumRevealAttempts { reveals.remove(at: index) }
                }
                throw error
            }
            try updatePendingReveals { $0.removeAll { $0.salt == reveal.salt } }
            revealed = true
        }
        return revealed
    }

    // MARK: - Pending reveals

    /// The pending reveals this client may send on `netuid`: its own hotkey's, on this chain.
    private func pendingReveals(netuid: Int, signer: Keypair) async throws -> [PendingReveal] {
        let genesis = try await genesisHex()
        return try loadedPendingReveals().filter { $0.netuid == netuid && $0.hotkey == signer.ss58Address && $0.genesisHash == genesis }
    }

    /// Changes the pending reveals and writes them to the journal before anything else happens.
    private func updatePendingReveals(_ change: (inout [PendingReveal]) -> Void) throws {
        var reveals = try loadedPendingReveals()
        change(&reveals)
        try revealJournal?.save(reveals)
        pendingReveals = reveals
    }

    private func loadedPendingReveals() throws -> [PendingReveal] {
        if let pendingReveals { return pendingReveals }
        let loaded = try revealJournal?.load() ?? []
        pendingReveals = loaded
        return loaded
    }

    private func genesisHex() async throws -> String { Hex.encode(try await currentRuntime().chain.genesisHash) }

    // MARK: - Submission

    /// Builds `call` against the node's current runtime (refreshing the metadata after an
    /// upgrade), signs it with a mortal era, submits it and follows it into a block. After a
    /// dropped connection it reconnects and follows the nonce instead of the subscription, and
    /// submits the same bytes again if the node lost them.
    func submit(signer: Keypair, call build: (RuntimeMetadata) throws -> SubtensorCall) async throws {
        if transactionBusy {
            await withCheckedContinuation { transactionWaiters.append($0) }
        } else {
            transactionBusy = true
        }
        defer {
            if transactionWaiters.isEmpty { transactionBusy = false } else { transactionWaiters.removeFirst().resume() }
        }
        let runtime = try await currentRuntime(refresh: true)
        let call = try build(runtime.metadata)
        let nonce = try await rpc.nextNonce(signer.ss58Address)
        let current = try await rpc.finalizedBlockNumber()
        let era = Era.mortal(period: eraPeriod, current: current)
        let birthHash = try await rpc.blockHash(era.birth(current: current))
        let extrinsic = try SignedExtrinsic(
            call: call, signer: signer, chain: runtime.chain,
            options: .init(nonce: nonce, era: era, eraBlockHash: birthHash), metadata: runtime.metadata)
        let deadline = ContinuousClock.now.advanced(by: inclusionTimeout)
        let submittedAt = try await rpc.blockNumber()
        do {
            let (subscription, updates) = try await rpc.submitAndWatch(extrinsic.bytes)
            let included: String?
            do {
                included = try await follow(updates, until: deadline)
            } catch {
                await unwatch(subscription)
                throw error
            }
            await unwatch(subscription)
            if let blockHash = included {
                try await checkOutcome(of: extrinsic.bytes, inBlock: blockHash, metadata: runtime.metadata)
                return
            }
        } catch let error as RPCError {
            // A node error is an answer about this transaction; only a lost link is retried.
            if case .server = error { throw SubtensorClientError.rejected(status: "\(error)") }
        }
        try await followNonce(of: signer, past: nonce, resubmitting: extrinsic.bytes, until: deadline)
        // Included, but the block was not announced to us: find it to read the outcome.
        let best = try await rpc.blockNumber()
        for number in submittedAt...max(submittedAt, best) where number - submittedAt <= eraPeriod {
            let hash = "0x" + Hex.encode(try await rpc.blockHash(number))
            if try await checkOutcome(of: extrinsic.bytes, inBlock: hash, metadata: runtime.metadata) { return }
        }
    }

    /// The account's nonce in the best block's state (`System.Account`), unlike
    /// `system_accountNextIndex`, which also counts the transaction pool.
    private func chainNonce(of signer: Keypair) async throws -> UInt32 {
        let account = try await storageValue("Account", keys: [signer.publicKey.bytes], pallet: "System")
        guard let raw = account?["nonce"]?.unsigned, let nonce = UInt32(exactly: raw) else {
            throw SubtensorClientError.unexpectedValue(field: "System.Account.nonce", detail: "\(String(describing: account))")
        }
        return nonce
    }

    /// Stops the node's and our own delivery of a finished subscription (best effort: the link
    /// may already be gone, and then the node dropped it too).
    private func unwatch(_ subscription: String) async {
        await rpc.connection.endSubscription(subscription)
        _ = try? await rpc.connection.request("author_unwatchExtrinsic", [.string(subscription)])
    }

    /// The block hash once the transaction is in a block; nil when the stream ended (connection lost).
    private func follow(_ updates: AsyncStream<RPCValue>, until deadline: ContinuousClock.Instant) async throws -> String? {
        try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask {
                for await update in updates {
                    if case let .string(status) = update {
                        if ["dropped", "invalid"].contains(status) { throw SubtensorClientError.rejected(status: status) }
                        continue
                    }
                    if let hash = (update["inBlock"] ?? update["finalized"])?.string { return hash }
                    for status in ["usurped", "dropped", "invalid", "finalityTimeout"] where update[status] != nil {
                        throw SubtensorClientError.rejected(status: status)
                    }
                }
                return nil
            }
            let limit = Self.seconds(inclusionTimeout)
            group.addTask {
                try await Task.sleep(until: deadline)
                throw SubtensorClientError.notIncluded(seconds: limit)
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
    }

    /// Fails with ``SubtensorClientError/dispatchFailed(_:)`` when the block's events say the
    /// extrinsic failed. Events that say nothing about it (an unusual runtime) are let pass:
    /// inclusion is then all that is known.
    /// True when the block holds the extrinsic (and it did not fail).
    @discardableResult
    private func checkOutcome(of bytes: [UInt8], inBlock blockHash: String, metadata: RuntimeMetadata) async throws -> Bool {
        let block = try await rpc.read("chain_getBlock", [.string(blockHash)])
        guard case let .array(extrinsics)? = block["block"]?["extrinsics"],
            let index = extrinsics.firstIndex(where: { $0.string?.lowercased() == "0x" + Hex.encode(bytes) })
        else { return false }
        guard let events = try await storageValue("Events", keys: [], pallet: "System", at: blockHash) else { return true }
        if case let .failed(error)? = ExtrinsicOutcome.find(in: events, extrinsicIndex: index, metadata: metadata) {
            throw SubtensorClientError.dispatchFailed(error)
        }
        return true
    }

    /// Polls the signer's nonce until it passes `nonce` (the transaction is in a block),
    /// submitting `bytes` again whenever the node does not know the transaction.
    private func followNonce(
        of signer: Keypair, past nonce: UInt32, resubmitting bytes: [UInt8],
        until deadline: ContinuousClock.Instant
    ) async throws {
        var resubmitted = false
        while ContinuousClock.now < deadline {
            do {
                if try await chainNonce(of: signer) > nonce { return }
                if !resubmitted {
                    resubmitted = true
                    do { _ = try await rpc.submit(bytes) } catch let RPCError.server(_, code, message) {
                        // 1013 "already imported" / 1014 "priority too low": the pool has it.
                        guard [1012, 1013, 1014].contains(code) else {
                            throw SubtensorClientError.rejected(status: "\(code): \(message)")
                        }
                    }
                }
            } catch let error as RPCError {
                if case .server = error { throw error }
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        throw SubtensorClientError.notIncluded(seconds: Self.seconds(inclusionTimeout))
    }

    nonisolated static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

}
