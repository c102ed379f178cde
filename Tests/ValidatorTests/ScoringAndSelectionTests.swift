import ComputeProtocol
import Foundation
import Subtensor
import Testing
@testable import Validator

@Suite("validator scoring, selection and store")
struct ScoringAndSelectionTests {
    static func neuron(_ uid: Int, _ hotkey: String, ip: String = "10.0.0.1", port: Int = 8091, version: Int = 221, coldkey: String = "c")
        -> Neuron
    {
        Neuron(
            uid: uid, hotkey: hotkey, coldkey: coldkey, stake: 0, validatorPermit: false, trust: 0, consensus: 0, incentive: 0,
            dividends: 0, emission: 0, lastUpdate: 0, registeredAt: 0, axon: AxonInfo(ip: ip, port: port, version: version),
            prometheus: PrometheusInfo())
    }

    @Test("burn sends all weight to the owner")
    func weights() {
        #expect(WeightPlan.burn(ownerUID: 7) == WeightPlan(uids: [7], weights: [1]))
    }

    @Test("scores: the latest verified result; none or penalized scores 0")
    func scores() {
        let verified = [
            "a": ValidatorStore.Verified(hotkey: "a", device: "CPU", count: 1, score: 0.4, at: 1),
            "p": ValidatorStore.Verified(hotkey: "p", device: "NVIDIA H100", count: 8, score: 0.56, at: 1),
        ]
        let scores = WeightPlan.scores(miners: [(0, "a"), (1, "b"), (2, "p")], verified: verified, penalized: ["p"])
        #expect(scores == [0: 0.4, 1: 0, 2: 0])
    }

    @Test("queryable: served, not blacklisted, recent enough, never itself; one uid per IP only when asked (v2.2 tests them all)")
    func queryable() {
        let metagraph = Metagraph(
            netuid: 27, block: 1,
            neurons: [
                Self.neuron(0, "self"), Self.neuron(1, "a"), Self.neuron(2, "b", ip: "10.0.0.1", port: 9000),
                Self.neuron(3, "unserved", ip: "0.0.0.0", port: 0), Self.neuron(4, "old", ip: "10.0.0.4", version: 184),
                Self.neuron(5, "banned", ip: "10.0.0.5"), Self.neuron(6, "coldbanned", ip: "10.0.0.6", coldkey: "bad"),
                Self.neuron(7, "c", ip: "10.0.0.7"),
            ])
        var filter = QueryableFilter(blacklistedHotkeys: ["banned"], blacklistedColdkeys: ["bad"], minimumVersion: 185, ownHotkey: "self")
        #expect(filter.queryable(metagraph).map(\.hotkey) == ["a", "b", "c"])
        filter.oneUIDPerIP = true
        #expect(filter.queryable(metagraph).map(\.hotkey) == ["a", "c"])
    }

    @Test("the store keeps the history, the latest verified result and test allocations in flight")
    func store() async throws {
        let path = NSTemporaryDirectory() + "validator-\(UUID().uuidString).sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try ValidatorStore(path: path)
        let target = MinerTarget(uid: 3, hotkey: "h", ip: "127.0.0.1", port: 1)
        try await store.record(PoGOutcome(target: target, result: .passed(device: "CPU", count: 1, score: 0.1), elapsedSeconds: 1), at: 10)
        try await store.record(PoGOutcome(target: target, result: .failed(.timedOut), elapsedSeconds: 2), at: 20)
        try await store.record(PoGOutcome(target: target, result: .busy, elapsedSeconds: 0), at: 30)
        #expect(try await store.latestVerified()["h"]?.score == 0.1, "a failure after a pass keeps the pass as the latest verified")
        #expect(try await store.latestResults()["h"]?.passed == false)
        #expect(try await store.latestResults()["h"]?.reason == PoGFailure.timedOut.description)
        #expect(try await store.history(hotkey: "h").count == 2, "busy is not a result")
        try await store.record(target, publicKey: "pem")
        #expect(try await store.pendingTestAllocations().map(\.publicKey) == ["pem"])
        try await store.forget("h")
        #expect(try await store.pendingTestAllocations().isEmpty)
    }

    @Test("the schedule: a job runs at once (or one period in), then every period")
    func schedule() async {
        let state = ScheduleState(metagraph: Metagraph(netuid: 27, block: 0, neurons: []))
        #expect(await state.due(.round, at: 10, every: 5))
        #expect(await !state.due(.round, at: 14, every: 5))
        #expect(await state.due(.round, at: 15, every: 5))
        #expect(await !state.due(.weights, at: 10, every: 5, startingLater: true))
        #expect(await state.due(.weights, at: 15, every: 5, startingLater: true))
    }

    @Test("failures say what happened and which are worth a retry")
    func failures() {
        #expect(PoGFailure.ssh("x").isTransient)
        #expect(!PoGFailure.verification("x").isTransient)
        #expect(PoGFailure.timedOut.kind == "timeout")
        #expect(AllocationRelease.goneReasons.contains { "no allocation is live on this miner".contains($0) })
    }
}
