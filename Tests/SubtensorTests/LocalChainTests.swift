import Foundation
import Testing
@testable import Subtensor

@Suite("the local chain")
struct LocalChainTests {
    final class ChainFile {
        let path = NSTemporaryDirectory() + "nicompute-chain-" + UUID().uuidString + "/chain.sqlite"
        deinit { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
    }

    static func fastChain(_ file: ChainFile, blockSeconds: Double = 0.05, _ adjust: (inout LocalChainParameters) -> Void = { _ in }) throws
        -> LocalChain
    {
        var parameters = LocalChainParameters.fast
        adjust(&parameters)
        return try LocalChain(path: file.path, blockSeconds: blockSeconds, parameters: parameters)
    }

    @Test("two connections register, serve and set weights at once and see one consistent metagraph")
    func concurrentConnections() async throws {
        let file = ChainFile()
        let first = try Self.fastChain(file)
        let second = try Self.fastChain(file)
        try await first.register(netuid: 27, hotkey: "owner", coldkey: "c")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, chain) in [first, second].enumerated() {
                group.addTask {
                    for n in 0..<20 {
                        let hotkey = "h\(index)-\(n)"
                        try await chain.register(netuid: 27, hotkey: hotkey, coldkey: "c")
                        try await chain.serveAxon(netuid: 27, hotkey: hotkey, axon: AxonInfo(ip: "127.0.0.1", port: 9000 + n, version: 1))
                    }
                }
            }
            try await group.waitForAll()
        }
        let fromFirst = try await first.metagraph(netuid: 27)
        let fromSecond = try await second.metagraph(netuid: 27)
        #expect(fromFirst.neurons.count == 41)
        #expect(Set(fromFirst.neurons.map(\.uid)) == Set(0..<41))
        #expect(Set(fromFirst.neurons.map(\.hotkey)).count == 41)
        #expect(fromFirst.neurons == fromSecond.neurons)
        #expect(fromFirst.neurons.filter { $0.hotkey != "owner" }.allSatisfy { $0.axon.isServing })
        #expect(try await first.subnetOwnerHotkey(netuid: 27) == "owner")
        try await second.servePrometheus(netuid: 27, hotkey: "owner", prometheus: PrometheusInfo(ip: "127.0.0.1", port: 7000, version: 190))
        #expect(try await first.metagraph(netuid: 27).neuron(hotkey: "owner")?.prometheus.port == 7000)
        // Registering again is idempotent.
        #expect(try await second.register(netuid: 27, hotkey: "h0-3", coldkey: "c") == fromFirst.neuron(hotkey: "h0-3")?.uid)
    }

    @Test("the weights rate limit holds, and an epoch moves incentive toward the weighted miners")
    func weightsAndEpochs() async throws {
        let file = ChainFile()
        // A 4-block (200 ms) rate limit: room for a slow machine between the two calls below.
        let chain = try Self.fastChain(file) {
            $0.weightsRateLimit = 4; $0.commitRevealEnabled = false
        }
        let validator = try await chain.register(netuid: 27, hotkey: "validator", coldkey: "c")
        let strong = try await chain.register(netuid: 27, hotkey: "strong", coldkey: "c")
        let weak = try await chain.register(netuid: 27, hotkey: "weak", coldkey: "c")
        let idle = try await chain.register(netuid: 27, hotkey: "idle", coldkey: "c")
        try await chain.addStake(netuid: 27, hotkey: "validator", rao: 1_000_000_000_000)
        try await chain.setWeights(netuid: 27, hotkey: "validator", uids: [strong, weak], weights: [1.0, 0.25], versionKey: 190)
        #expect(try await chain.weights(netuid: 27, validatorUID: validator).map(\.weight) == [65_535, 16_384])
        await #expect(throws: ChainError.self) {
            try await chain.setWeights(netuid: 27, hotkey: "validator", uids: [strong], weights: [1], versionKey: 190)
        }
        // Wait past the rate limit (4 blocks) and a tempo (10 blocks) of 50 ms each.
        try await Task.sleep(for: .milliseconds(700))
        try await chain.setWeights(netuid: 27, hotkey: "validator", uids: [strong, weak], weights: [1.0, 0.25], versionKey: 190)
        let metagraph = try await chain.metagraph(netuid: 27)
        let incentive = { (uid: Int) in metagraph.neurons.first { $0.uid == uid }?.incentive ?? -1 }
        #expect(abs(incentive(strong) - 0.8) < 1e-4)
        #expect(abs(incentive(weak) - 0.2) < 1e-4)
        #expect(incentive(idle) == 0 && incentive(validator) == 0)
        #expect(metagraph.neurons.first { $0.uid == validator }?.dividends == 1)
        #expect(metagraph.neurons.first { $0.uid == validator }?.validatorPermit == true)
        #expect((metagraph.neurons.first { $0.uid == strong }?.emission ?? 0) > (metagraph.neurons.first { $0.uid == weak }?.emission ?? 0))
    }

    @Test("a full subnet replaces its weakest non-immune neuron")
    func replacement() async throws {
        let file = ChainFile()
        let chain = try Self.fastChain(file) {
            $0.maxUIDs = 3; $0.immunityPeriod = 1_000_000
        }
        for hotkey in ["a", "b", "c"] { try await chain.register(netuid: 1, hotkey: hotkey, coldkey: "x") }
        await #expect(throws: ChainError.self) { try await chain.register(netuid: 1, hotkey: "d", coldkey: "x") }

        let other = ChainFile()
        let mortal = try Self.fastChain(other) {
            $0.maxUIDs = 3; $0.immunityPeriod = 0; $0.commitRevealEnabled = false
        }
        for hotkey in ["a", "b", "c"] { try await mortal.register(netuid: 1, hotkey: hotkey, coldkey: "x") }
        try await mortal.addStake(netuid: 1, hotkey: "a", rao: 10)
        try await mortal.setWeights(netuid: 1, hotkey: "a", uids: [0, 1], weights: [0.5, 1], versionKey: 1)
        try await Task.sleep(for: .milliseconds(600))
        _ = try await mortal.metagraph(netuid: 1)
        let uid = try await mortal.register(netuid: 1, hotkey: "d", coldkey: "x")
        #expect(uid == 2)  // "c" earned nothing
        #expect(try await mortal.metagraph(netuid: 1).neurons.map(\.hotkey) == ["a", "b", "d"])
    }

    @Test("bad calls name the rule")
    func badCalls() async throws {
        let file = ChainFile()
        let chain = try Self.fastChain(file)
        await #expect(throws: ChainError.unknownSubnet(5)) {
            try await chain.serveAxon(netuid: 5, hotkey: "x", axon: AxonInfo(ip: "1.2.3.4", port: 1, version: 1))
        }
        try await chain.register(netuid: 5, hotkey: "x", coldkey: "c")
        await #expect(throws: ChainError.notRegistered(hotkey: "y", netuid: 5)) { try await chain.addStake(netuid: 5, hotkey: "y", rao: 1) }
        await #expect(throws: ChainError.invalidAxon("port 0 must be 1…65535")) {
            try await chain.serveAxon(netuid: 5, hotkey: "x", axon: AxonInfo(ip: "1.2.3.4", port: 0, version: 1))
        }
        #expect(throws: ChainError.invalidWeights("2 uids but 1 weights")) { try LocalChain.u16Weights(uids: [0, 1], weights: [1]) }
        #expect(throws: ChainError.invalidWeights("every weight must be finite and ≥ 0")) {
            try LocalChain.u16Weights(uids: [0], weights: [-1])
        }
        #expect(throws: ChainError.invalidWeights("at least one weight must be positive")) {
            try LocalChain.u16Weights(uids: [0], weights: [0])
        }
        #expect(try LocalChain.u16Weights(uids: [0, 1, 2], weights: [2, 1, 0.5]).map(\.weight) == [65_535, 32_768, 16_384])
    }
}
