import BittensorCrypto
import Foundation
import Subtensor
import SubtensorTestSupport
import Testing
import TestSupport

/// `nicompute subnet metagraph` and `hyperparameters` against the fake node, as an operator
/// runs them. Needs the built executable (`swift build`, or NICOMPUTE_BIN).
@Suite struct SubnetCommandTests {
    /// Runs nicompute off the cooperative pool (it blocks on the child) and returns its output.
    static func run(_ arguments: [String]) async throws -> ChildProcess.Output {
        try await ChildProcess.runDetached(TestPaths.nicompute, arguments)
    }

    /// The hotkey "operator" of the default wallet under `walletPath`, made from a random seed
    /// by `nicompute wallet regen-hotkey` as an operator would.
    static func operatorHotkey(walletPath: String) async throws -> Keypair {
        let seed = (0..<32).map { _ in UInt8.random(in: 0...255) }
        let regen = try await run([
            "wallet", "regen-hotkey", "--wallet.path", walletPath, "--wallet.hotkey", "operator",
            "--seed", "0x" + seed.map { String(format: "%02x", $0) }.joined(),
        ])
        try #require(regen.status == 0, "\(regen.stderr)")
        return try Keypair(seed: seed)
    }

    @Test func metagraphAndHyperparametersAgainstTheFakeNode() async throws {
        let node = try FakeSubtensorNode()
        try await node.serve { endpoint in
            let metagraph = try await Self.run(["subnet", "metagraph", "--subtensor.chain_endpoint", endpoint, "--netuid", "1"])
            #expect(metagraph.status == 0, "\(metagraph.stderr)")
            #expect(metagraph.stdout.contains("subnet 1 at block 1000: 1 neurons"))
            #expect(metagraph.stdout.contains("5C4hrfjw9DjXZTzV3MwzrrAr9P1MJhSrvWGWqi1eSuyUpnhM"))
            let parameters = try await Self.run(["subnet", "hyperparameters", "--subtensor.network", endpoint, "--netuid", "1", "--json"])
            #expect(parameters.status == 0, "\(parameters.stderr)")
            let decoded = try JSONDecoder().decode(SubnetHyperparameters.self, from: Data(parameters.stdout.utf8))
            #expect(decoded.tempo == 100)
            #expect(decoded.commitRevealEnabled)
            let missing = try await Self.run(["subnet", "hyperparameters", "--subtensor.network", endpoint, "--netuid", "9999"])
            #expect(missing.status != 0)
            #expect(missing.stderr.contains("subnet 9999 does not exist"))
        }
    }

    @Test("an operator's serve-axon and set-weights reach the node as extrinsics signed by the wallet's hotkey")
    func serveAxonAndSetWeightsAgainstTheFakeNode() async throws {
        let metadata = try GoldenFixture.metadata.get()
        let node = try FakeSubtensorNode()
        let wallets = NSTemporaryDirectory() + "nicompute-cli-" + UUID().uuidString.prefix(8)
        defer { try? FileManager.default.removeItem(atPath: wallets) }
        let operatorKey = try await Self.operatorHotkey(walletPath: wallets)
        let other = try Keypair(uri: "//Bob")
        try await node.makeSubnet(metadata: metadata, netuid: 27, members: [operatorKey, other], commitReveal: false)
        try await node.serve { endpoint in
            let wallet = [
                "--wallet.path", wallets, "--wallet.hotkey", "operator", "--subtensor.chain_endpoint", endpoint, "--netuid", "27",
            ]
            let served = try await Self.run(["subnet", "serve-axon"] + wallet + ["--ip", "203.0.113.7", "--port", "8091"])
            #expect(served.status == 0, "\(served.stdout) \(served.stderr)")
            let weights = try await Self.run(["subnet", "set-weights"] + wallet + ["--uids", "0,1", "--weights", "0.25,1.0"])
            #expect(weights.status == 0, "\(weights.stdout) \(weights.stderr)")
            let submitted = await node.submitted
            try #require(submitted.count == 2)
            let axon = try #require(FakeSubtensorNode.split(submitted[0]))
            #expect(axon.signer == operatorKey.publicKey.bytes)
            #expect(
                axon.call
                    == (try SubtensorCall.serveAxon(
                        netuid: 27, version: 190, ip: 0xCB00_7107, port: 8091, ipType: 4,
                        protocolNumber: 4, metadata: metadata)).bytes)
            let set = try #require(FakeSubtensorNode.split(submitted[1]))
            let expected = try WeightCommitment.normalize(uids: [0, 1], weights: [0.25, 1.0])
            #expect(set.signer == operatorKey.publicKey.bytes && set.nonce == axon.nonce + 1)
            #expect(
                set.call
                    == (try SubtensorCall.setWeights(
                        netuid: 27, uids: expected.uids, weights: expected.weights,
                        versionKey: 190, metadata: metadata)).bytes)
            // A loopback address is refused before anything is signed, naming the rule.
            let loopback = try await Self.run(["subnet", "serve-axon"] + wallet + ["--ip", "127.0.0.1", "--port", "8091"])
            #expect(loopback.status != 0 && loopback.stderr.contains("loopback"), "\(loopback.stderr)")
            #expect(await node.submitted.count == 2)
        }
    }

    @Test("set-weights on a commit-reveal subnet commits and says when to reveal; reveal-weights reveals in that epoch")
    func commitThenRevealAcrossTwoCommands() async throws {
        let metadata = try GoldenFixture.metadata.get()
        let node = try FakeSubtensorNode()
        let folder = NSTemporaryDirectory() + "nicompute-cli-" + UUID().uuidString.prefix(8)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let operatorKey = try await Self.operatorHotkey(walletPath: folder)
        try await node.makeSubnet(metadata: metadata, netuid: 28, members: [operatorKey], commitReveal: true, commitRevealVersion: 2)
        let epochKey = try metadata.storageKey(pallet: "SubtensorModule", item: "SubnetEpochIndex", keys: [[28, 0]])
        await node.setStorage(epochKey, [5, 0, 0, 0, 0, 0, 0, 0])
        try await node.serve { endpoint in
            let options = [
                "--wallet.path", folder, "--wallet.hotkey", "operator", "--subtensor.chain_endpoint", endpoint, "--netuid", "28",
                "--reveal-journal", folder + "/reveals.json",
            ]
            let committed = try await Self.run(["subnet", "set-weights"] + options + ["--uids", "0", "--weights", "1"])
            #expect(committed.status == 0, "\(committed.stderr)")
            #expect(
                committed.stdout.contains("Committed the weights") && committed.stdout.contains("Reveal them in epoch 6"),
                "\(committed.stdout)")
            let early = try await Self.run(["subnet", "reveal-weights"] + options)
            #expect(
                early.status == 0 && early.stdout.contains("1 commit(s)")
                    && early.stdout.contains("wait for epoch 6 (the chain is in epoch 5)"),
                "\(early.stdout) \(early.stderr)")
            await node.setStorage(epochKey, [6, 0, 0, 0, 0, 0, 0, 0])
            let due = try await Self.run(["subnet", "reveal-weights"] + options)
            #expect(due.status == 0 && due.stdout.contains("Revealed the committed weights"), "\(due.stdout) \(due.stderr)")
            let submitted = await node.submitted
            #expect(submitted.compactMap { FakeSubtensorNode.split($0).map { Array($0.call.prefix(2)) } } == [[7, 96], [7, 97]])
            let again = try await Self.run(["subnet", "reveal-weights"] + options)
            #expect(again.stdout.contains("Nothing to reveal"), "\(again.stdout)")
            // A damaged journal stops both commands by name, before anything is sent.
            try Data("not json".utf8).write(to: URL(fileURLWithPath: folder + "/reveals.json"))
            let damaged = try await Self.run(["subnet", "set-weights"] + options + ["--uids", "0", "--weights", "1"])
            #expect(damaged.status != 0 && damaged.stderr.contains("reveal journal \(folder)/reveals.json"), "\(damaged.stderr)")
            #expect(await node.submitted.count == 2)
        }
    }
}
