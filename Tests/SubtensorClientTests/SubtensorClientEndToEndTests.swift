import Foundation
import BittensorCrypto
import HexCoding
import SCALE
import Subtensor
import SubtensorTestSupport
import Testing
import Timelock

/// SubtensorClient against ``FakeSubtensorNode``: reads from recorded node data, and the
/// validator's and miner's transactions end to end, including a dropped connection.
@Suite struct SubtensorClientEndToEndTests {
    let metadata: RuntimeMetadata
    init() throws { metadata = try GoldenFixture.metadata.get() }

    private func u16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xff), UInt8(value >> 8)] }
    private func u64(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) } }

    /// A subnet `netuid` with `members` registered at uids 0, 1, … and commit-reveal as given.
    private func makeSubnet(
        _ node: FakeSubtensorNode, netuid: UInt16, members: [Keypair], commitReveal: Bool,
        commitRevealVersion: UInt16? = nil
    ) async throws {
        try await node.makeSubnet(
            metadata: metadata, netuid: netuid, members: members, commitReveal: commitReveal,
            commitRevealVersion: commitRevealVersion)
    }

    private func client(
        _ endpoint: String, signer: Keypair? = nil, timeout: Duration = .seconds(5),
        inclusionTimeout: Duration = .seconds(10)
    ) throws -> SubtensorClient {
        try SubtensorClient(
            configuration: .init(
                endpoint: endpoint, requestTimeout: timeout, connectTimeout: .seconds(5),
                retryDelay: .milliseconds(100)),
            signer: signer, inclusionTimeout: inclusionTimeout)
    }

    @Test func aTransactionNeverIncludedTimesOut() async throws {
        let node = try FakeSubtensorNode()
        let bob = try Keypair(uri: "//Bob")
        try await makeSubnet(node, netuid: 27, members: [bob], commitReveal: false)
        await node.stopIncluding()
        try await node.serve { endpoint in
            let client = try self.client(endpoint, signer: bob, inclusionTimeout: .seconds(1))
            let started = ContinuousClock.now
            await #expect(throws: SubtensorClientError.notIncluded(seconds: 1)) {
                try await client.serveAxon(netuid: 27, hotkey: bob.ss58Address, axon: AxonInfo(ip: "203.0.113.5", port: 8091, version: 1))
            }
            #expect(ContinuousClock.now - started < .seconds(5))
            await client.close()
        }
    }

    @Test func metagraphAndHyperparametersFromTheRecordedNode() async throws {
        let node = try FakeSubtensorNode()
        let metadata = metadata
        try await node.serve { endpoint in
            let client = try self.client(endpoint)
            let graph = try await client.metagraph(netuid: 1)
            let recorded = try #require(try GoldenFixture.section("runtime_calls").first { $0["method"] as? String == "get_neurons_lite" })
            let expected = try MetagraphDecoder(metadata: metadata).metagraph(
                netuid: 1, block: 1000,
                neuronsLite: try GoldenFixture.bytes(try #require(recorded["raw_hex"] as? String)))
            #expect(graph == expected)
            #expect(graph.neurons.first?.stake == 1_000_000_000)
            let parameters = try await client.hyperparameters(netuid: 1)
            // Tempo is recorded (100); the rest are the runtime's declared defaults.
            #expect(parameters.tempo == 100)
            #expect(parameters.weightsRateLimit == 100)
            #expect(parameters.weightsVersionKey == 0)
            #expect(parameters.commitRevealEnabled)
            #expect(parameters.commitRevealPeriod == 1)
            await #expect(throws: ChainError.unknownSubnet(9999)) { try await client.metagraph(netuid: 9999) }
            // A read whose connection drops is asked again on a new one.
            await node.dropConnection(onNext: "state_call")
            #expect(try await client.metagraph(netuid: 1) == expected)
            #expect(try await client.currentBlock() == 1000)
            await client.close()
        }
    }

    @Test func ownerHotkeyAndStoredWeights() async throws {
        let node = try FakeSubtensorNode()
        let alice = try Keypair(uri: "//Alice")
        let bob = try Keypair(uri: "//Bob")
        try await makeSubnet(node, netuid: 27, members: [alice, bob], commitReveal: false)
        // Weights(27, uid 0) = [(1, 65535), (0, 7)] as the runtime stores them: Vec<(u16, u16)>.
        #expect(
            try metadata.shape(of: try metadata.storage(pallet: "SubtensorModule", item: "Weights").entry.valueType) == "Vec<(u16, u16)>")
        await node.setStorage(
            try metadata.storageKey(pallet: "SubtensorModule", item: "Weights", keys: [u16(27), u16(0)]),
            [2 << 2] + u16(1) + u16(65535) + u16(0) + u16(7))
        try await node.serve { endpoint in
            let client = try self.client(endpoint)
            #expect(try await client.subnetOwnerHotkey(netuid: 27) == nil)
            await node.setStorage(
                try self.metadata.storageKey(pallet: "SubtensorModule", item: "SubnetOwnerHotkey", keys: [self.u16(27)]),
                alice.publicKey.bytes)
            #expect(try await client.subnetOwnerHotkey(netuid: 27) == alice.ss58Address)
            let weights = try await client.weights(netuid: 27, validatorUID: 0)
            #expect(weights.map(\.uid) == [1, 0] && weights.map(\.weight) == [65535, 7])
            #expect(try await client.weights(netuid: 27, validatorUID: 1).isEmpty)
            await client.close()
        }
    }

    /// Commit-reveal version 4 (the live chain's): one `commit_timelocked_weights` that the SDK
    /// decodes, holding a ciphertext of the payload for the round of the predicted reveal block.
    @Test func timelockedCommitRevealCommitsToTheRevealRound() async throws {
        let node = try FakeSubtensorNode()
        let alice = try Keypair(uri: "//Alice")
        let bob = try Keypair(uri: "//Bob")
        try await makeSubnet(node, netuid: 27, members: [alice, bob], commitReveal: true, commitRevealVersion: 4)
        try await node.serve { endpoint in
            let client = try self.client(endpoint, signer: alice)
            let before = UInt64(Date().timeIntervalSince1970 * 1_000)
            let head = UInt64(try await client.currentBlock())
            let submission = try await client.setWeights(
                netuid: 27, hotkey: alice.ss58Address, uids: [0, 1], weights: [0.5, 1], versionKey: 1)
            let after = UInt64(Date().timeIntervalSince1970 * 1_000)
            guard case let .timelocked(round, revealBlock, version) = submission else { Issue.record("\(submission)"); return }
            #expect(version == 4)
            // The node's epoch state is the runtime's defaults (epoch 0, last epoch block 0): with
            // the recorded tempo the first reveal block is the replay's answer.
            let parameters = try await client.hyperparameters(netuid: 27)
            let state = EpochSchedule.State(
                lastEpochBlock: 0, pendingEpochAt: 0, epochIndex: 0, tempo: UInt16(parameters.tempo),
                blocksSinceLastStep: 0, currentBlock: head)
            let predicted = try EpochSchedule.firstRevealBlock(from: state, revealPeriod: UInt64(parameters.commitRevealPeriod))
            #expect(UInt64(revealBlock) == predicted)
            let low = RevealRound.round(
                revealBlock: UInt64(revealBlock), currentBlock: head, blockMilliseconds: 12_000, nowMilliseconds: before, chain: .quicknet)
            let high = RevealRound.round(
                revealBlock: UInt64(revealBlock), currentBlock: head, blockMilliseconds: 12_000, nowMilliseconds: after, chain: .quicknet)
            #expect((low...high).contains(round))
            let submitted = await node.submitted
            #expect(submitted.count == 1)
            let extrinsic = try #require(submitted.first)
            let parts = try #require(FakeSubtensorNode.split(extrinsic))
            let sdk = try SDKPeer.call("decode_call", ["call_hex": "0x" + Hex.encode(parts.call)])
            #expect(sdk["function"] as? String == "commit_timelocked_weights")
            let args = try #require(sdk["args"] as? [String: Any])
            #expect(args["netuid"] as? Int == 27 && args["commit_reveal_version"] as? Int == 4)
            #expect((args["reveal_round"] as? NSNumber)?.uint64Value == round)
            let commit = try #require(Hex.decode(String((args["commit"] as? String ?? "").dropFirst(2))))
            let ciphertext = try TimelockCiphertext(bytes: commit)
            // 244 bytes of envelope around the 32-byte hotkey, two uids and values, and the version key.
            let payloadBytes = 1 + 32 + 1 + 4 + 1 + 4 + 8
            #expect(commit.count == 244 + payloadBytes)
            #expect(ciphertext.u.isInSubgroup)
            await client.close()
        }
    }

    @Test func validatorSetsWeightsThenHitsTheRateLimit() async throws {
        let node = try FakeSubtensorNode()
        let alice = try Keypair(uri: "//Alice")
        let bob = try Keypair(uri: "//Bob")
        try await makeSubnet(node, netuid: 27, members: [alice, bob], commitReveal: false)
        let metadata = metadata
        let lastUpdateKey = try metadata.storageKey(pallet: "SubtensorModule", item: "LastUpdate", keys: [u16(27)])
        // Inclusion records the validator's LastUpdate as the chain would.
        await node.setOnInclusion { _ in
            let block = await node.block
            var value: [UInt8] = [2 << 2]
            value += (0..<8).map { UInt8(truncatingIfNeeded: block >> (8 * UInt64($0))) }
            value += [UInt8](repeating: 0, count: 8)
            await node.setStorage(lastUpdateKey, value)
        }
        try await node.serve { endpoint in
            let client = try self.client(endpoint, signer: alice)
            // The first weights go through a connection that drops right after the node took them.
            await node.dropNextSubmission()
            try await client.setWeights(netuid: 27, hotkey: alice.ss58Address, uids: [0, 1], weights: [0.25, 1.0], versionKey: 7)
            let submitted = await node.submitted
            try #require(submitted.count == 1)
            let parts = try #require(FakeSubtensorNode.split(submitted[0]))
            #expect(parts.signer == alice.publicKey.bytes)
            #expect(parts.nonce == 0)
            let expected = try WeightCommitment.normalize(uids: [0, 1], weights: [0.25, 1.0])
            #expect(
                parts.call
                    == (try SubtensorCall.setWeights(
                        netuid: 27, uids: expected.uids, weights: expected.weights,
                        versionKey: 7, metadata: metadata)).bytes)
            // Right away again: the weights rate limit (100 blocks by default) refuses it locally.
            await #expect(throws: ChainError.rateLimited(blocksLeft: 100)) {
                try await client.setWeights(netuid: 27, hotkey: alice.ss58Address, uids: [1], weights: [1], versionKey: 7)
            }
            await node.advance(blocks: 100)
            try await client.setWeights(netuid: 27, hotkey: alice.ss58Address, uids: [1], weights: [1], versionKey: 7)
            #expect(await node.submitted.count == 2)
            #expect(FakeSubtensorNode.split(await node.submitted[1])?.nonce == 1)
            // Included but failed on chain: the block's events name the error.
            await node.advance(blocks: 100)
            let eventsKey = try metadata.storageKey(pallet: "System", item: "Events")
            await node.setStorage(eventsKey, try ExtrinsicOutcomeTests.failedEvents(metadata: metadata, errorName: "SettingWeightsTooFast"))
            await #expect(throws: SubtensorClientError.dispatchFailed("SubtensorModule.SettingWeightsTooFast")) {
                try await client.setWeights(netuid: 27, hotkey: alice.ss58Address, uids: [1], weights: [1], versionKey: 7)
            }
            // Several at once from one client: each gets its own nonce.
            await node.advance(blocks: 100)
            await node.setStorage(eventsKey, nil)
            let before = await node.submitted.count
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        try? await client.serveAxon(
                            netuid: 27, hotkey: alice.ss58Address, axon: AxonInfo(ip: "203.0.113.9", port: 8091, version: 1))
                    }
                }
            }
            let nonces = await node.submitted.dropFirst(before).compactMap { FakeSubtensorNode.split($0)?.nonce }
            #expect(nonces.count == 3 && Set(nonces).count == 3, "\(nonces)")
            await #expect(throws: SubtensorClientError.signerMismatch(requested: bob.ss58Address, signer: alice.ss58Address)) {
                try await client.setWeights(netuid: 27, hotkey: bob.ss58Address, uids: [1], weights: [1], versionKey: 7)
            }
            await client.close()
        }
    }

    @Test func hashCommitRevealCycle() async throws {
        let node = try FakeSubtensorNode()
        let alice = try Keypair(uri: "//Alice")
        try await makeSubnet(node, netuid: 28, members: [alice], commitReveal: true, commitRevealVersion: 2)
        let metadata = metadata
        let epochKey = try metadata.storageKey(pallet: "SubtensorModule", item: "SubnetEpochIndex", keys: [u16(28)])
        await node.setStorage(epochKey, u64(5))
        try await node.serve { endpoint in
            let client = try self.client(endpoint, signer: alice)
            try await client.setWeights(netuid: 28, hotkey: alice.ss58Address, uids: [0], weights: [1], versionKey: 3)
            // A second commit in the same epoch: both wait for their reveal.
            try await client.setWeights(netuid: 28, hotkey: alice.ss58Address, uids: [0], weights: [0.5], versionKey: 3)
            let commits = await node.submitted
            try #require(commits.count == 2)
            let commit = try #require(FakeSubtensorNode.split(commits[0]))
            #expect(Array(commit.call.prefix(4)) == [7, 96, 28, 0])
            // Not yet the reveal epoch: nothing is sent.
            #expect(try await client.revealPendingWeights(netuid: 28) == false)
            await node.setStorage(epochKey, u64(6))
            #expect(try await client.revealPendingWeights(netuid: 28))
            let all = await node.submitted
            try #require(all.count == 4)
            #expect(all[2...].allSatisfy { FakeSubtensorNode.split($0).map { Array($0.call.prefix(2)) } == [7, 97] })
            #expect(FakeSubtensorNode.split(commits[1])?.call.suffix(32) != commit.call.suffix(32))
            let reveal = try #require(FakeSubtensorNode.split(all[2]))
            #expect(Array(reveal.call.prefix(2)) == [7, 97])
            // The revealed values hash to the committed hash.
            let revealed = try RevealArguments(call: reveal.call)
            #expect(
                revealed.netuid == 28 && revealed.uids == [0] && revealed.values == [65535] && revealed.versionKey == 3
                    && revealed.salt.count == 8)
            #expect(revealed.commitHash(hotkey: alice.publicKey.bytes) == Array(commit.call.suffix(32)))
            // Nothing left to reveal.
            #expect(try await client.revealPendingWeights(netuid: 28) == false)
            await client.close()
        }
    }

    @Test func minerServesItsAxonThroughADroppedConnection() async throws {
        let node = try FakeSubtensorNode()
        let bob = try Keypair(uri: "//Bob")
        try await makeSubnet(node, netuid: 27, members: [bob], commitReveal: false)
        let metadata = metadata
        try await node.serve { endpoint in
            let client = try self.client(endpoint, signer: bob)
            _ = try await client.currentBlock()
            await node.dropNextSubmission()
            let axon = AxonInfo(ip: "203.0.113.5", port: 8091, version: 900)
            try await client.serveAxon(netuid: 27, hotkey: bob.ss58Address, axon: axon)
            let submitted = await node.submitted
            // Accepted once before the drop; the client followed the nonce instead of resubmitting.
            try #require(submitted.count == 1)
            let parts = try #require(FakeSubtensorNode.split(submitted[0]))
            #expect(
                parts.call
                    == (try SubtensorCall.serveAxon(
                        netuid: 27, version: 900, ip: 0xCB00_7105, port: 8091, ipType: 4,
                        protocolNumber: 4, metadata: metadata)).bytes)
            // The connection came back: reads work again.
            #expect(try await client.currentBlock() == 1001)
            // Through another drop, a failed dispatch is still found and named: the client looks
            // for its extrinsic in the blocks since it submitted.
            await node.setStorage(
                try metadata.storageKey(pallet: "System", item: "Events"),
                try ExtrinsicOutcomeTests.failedEvents(metadata: metadata, errorName: "ServingRateLimitExceeded"))
            await node.dropNextSubmission()
            await #expect(throws: SubtensorClientError.dispatchFailed("SubtensorModule.ServingRateLimitExceeded")) {
                try await client.serveAxon(netuid: 27, hotkey: bob.ss58Address, axon: AxonInfo(ip: "203.0.113.6", port: 8091, version: 900))
            }
            #expect(await node.submitted.count == 2)
            await #expect(
                throws: ChainError.invalidAxon("ip 127.0.0.1 is refused by the chain (loopback or broadcast): publish the external address")
            ) {
                try await client.serveAxon(netuid: 27, hotkey: bob.ss58Address, axon: AxonInfo(ip: "127.0.0.1", port: 8091, version: 1))
            }
            await #expect(throws: ChainError.invalidAxon("ip 300.1.2.3 is not an IPv4 address")) {
                try await client.serveAxon(netuid: 27, hotkey: bob.ss58Address, axon: AxonInfo(ip: "300.1.2.3", port: 1, version: 1))
            }
            await client.close()
        }
    }

    @Test func aNodeWithoutMetadataV15IsRefusedClearly() async throws {
        let node = try FakeSubtensorNode()
        await node.removeV15API()
        try await node.serve { endpoint in
            let client = try self.client(endpoint)
            await #expect(throws: MetadataError.unsupportedVersion(14)) { try await client.metagraph(netuid: 1) }
            await client.close()
        }
    }

    @Test func aNodeThatNeverAnswersHitsTheReadDeadline() async throws {
        let node = try FakeSubtensorNode()
        await node.setSilent(["chain_getHeader"])
        try await node.serve { endpoint in
            let connection = try JSONRPCConnection(
                configuration: .init(endpoint: endpoint, requestTimeout: .milliseconds(300), maxPending: 2))
            await #expect(throws: RPCError.timedOut(method: "chain_getHeader", seconds: 0.3)) {
                try await connection.request("chain_getHeader")
            }
            #expect(await connection.pendingCount == 0)
            // Two silent requests fill the pending map; a third is refused rather than queued.
            async let first: RPCValue? = try? connection.request("chain_getHeader")
            async let second: RPCValue? = try? connection.request("chain_getHeader")
            try await Task.sleep(for: .milliseconds(100))
            await #expect(throws: RPCError.tooManyPending(limit: 2)) { try await connection.request("chain_getHeader") }
            _ = await (first, second)
            // A node error is reported as such.
            await #expect(throws: RPCError.server(method: "no_such_method", code: -32601, message: "Method not found: no_such_method")) {
                try await connection.request("no_such_method")
            }
            await connection.close()
            await #expect(throws: RPCError.closed) { try await connection.request("chain_getHeader") }
        }
    }

    @Test func unreachableEndpointsAndBadURLsFailClearly() async throws {
        #expect(throws: RPCError.invalidEndpoint("http://example.com")) {
            try JSONRPCConnection(configuration: .init(endpoint: "http://example.com"))
        }
        // Nothing listens on port 1.
        let connection = try JSONRPCConnection(
            configuration: .init(
                endpoint: "ws://127.0.0.1:1", connectTimeout: .seconds(2),
                connectAttempts: 2, retryDelay: .milliseconds(50)))
        await #expect {
            try await connection.request("chain_getHeader")
        } throws: { error in
            if case RPCError.connectFailed = error { return true }
            return false
        }
        #expect(SubtensorClient.endpoint(network: "finney", chainEndpoint: nil) == "wss://entrypoint-finney.opentensor.ai:443")
        #expect(SubtensorClient.endpoint(network: "test", chainEndpoint: nil) == "wss://test.finney.opentensor.ai:443")
        #expect(SubtensorClient.endpoint(network: "local", chainEndpoint: nil) == nil)
        #expect(SubtensorClient.endpoint(network: "local", chainEndpoint: "ws://10.0.0.1:9944") == "ws://10.0.0.1:9944")
    }
}
