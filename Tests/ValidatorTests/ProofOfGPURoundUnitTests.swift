import ComputeProtocol
import Foundation
import ProofOfGPU
import ProofOfGPUConfig
import Testing
@testable import Validator

/// A round over scripted miners: transient failures are retried up to the limit, others are
/// not, and every outcome reaches the store.
@Suite("Proof-of-GPU round, without a container")
struct ProofOfGPURoundUnitTests {
    @Test(
        "retries: an unreachable miner is asked retry-limit + 1 times, one whose credentials do not open only once; each outcome recorded")
    func retries() async throws {
        let directory = NSTemporaryDirectory() + "round-unit-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try ValidatorStore(path: directory + "/validator.sqlite")
        let settings = try PoGRunnerUnitTests.settings()
        let configuration = ValidatorConfiguration(
            netuid: 27, storePath: directory + "/validator.sqlite", workerPath: "", pog: settings, retryLimit: 2,
            retryInterval: .milliseconds(10),
            filter: QueryableFilter(minimumVersion: 0, ownHotkey: "5Validator"),
            subnetConfig: SubnetConfig(totalMinerEmission: 1, gpuWeights: [:]))
        for (miner, expectedCalls, kind) in [
            (ScriptedMiner(availability: .noAnswer, allocation: .noAnswer), 3, "unreachable"),
            (ScriptedMiner(allocation: .output(AllocateOutput(status: true, info: "bm90IHNlYWxlZA=="))), 1, "credentials"),
        ] {
            let runner = PoGRunner(settings: settings, dendrite: miner, worker: try PoGRunnerUnitTests.worker(), ledger: store)
            let round = ProofOfGPURound(
                configuration: configuration, runner: runner, store: store, metrics: ValidatorMetrics(), logger: .init(label: "test"))
            let outcomes = await round.run(targets: [PoGRunnerUnitTests.target])
            #expect(outcomes.count == 1 && PoGRunnerUnitTests.kind(outcomes[0].result) == kind)
            #expect(miner.requests.filter { $0 == .availability }.count == expectedCalls, "\(miner.requests)")
            #expect(try await store.latestResults()[PoGRunnerUnitTests.target.hotkey]?.passed == false)
            #expect(try await store.pendingTestAllocations().isEmpty, "nothing left to release")
        }
    }
}
