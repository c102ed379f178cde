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
    /// A round over `miner` with its own store in a scratch folder, retrying 10 ms apart.
    static func round(over miner: ScriptedMiner, retryLimit: Int) throws -> (ProofOfGPURound, ValidatorStore) {
        let directory = NSTemporaryDirectory() + "round-unit-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try ValidatorStore(path: directory + "/validator.sqlite")
        let settings = try PoGRunnerUnitTests.settings()
        let configuration = ValidatorConfiguration(
            netuid: 27, storePath: directory + "/validator.sqlite", workerPath: "", pog: settings, retryLimit: retryLimit,
            retryInterval: .milliseconds(10), filter: QueryableFilter(minimumVersion: 0, ownHotkey: "5Validator"),
            subnetConfig: SubnetConfig(totalMinerEmission: 1, gpuWeights: [:]))
        let runner = PoGRunner(settings: settings, dendrite: miner, worker: try PoGRunnerUnitTests.worker(), ledger: store)
        let round = ProofOfGPURound(
            configuration: configuration, runner: runner, store: store, metrics: ValidatorMetrics(), logger: .init(label: "test"))
        return (round, store)
    }

    @Test(
        "retries: an unreachable miner is asked retry-limit + 1 times, one whose credentials do not open only once; each outcome recorded")
    func retries() async throws {
        for (miner, expectedCalls, kind) in [
            (ScriptedMiner(availability: .noAnswer, allocation: .noAnswer), 3, "unreachable"),
            (ScriptedMiner(allocation: .output(AllocateOutput(status: true, info: "bm90IHNlYWxlZA=="))), 1, "credentials"),
        ] {
            let (round, store) = try Self.round(over: miner, retryLimit: 2)
            let outcomes = await round.run(targets: [PoGRunnerUnitTests.target])
            #expect(outcomes.count == 1 && PoGRunnerUnitTests.kind(outcomes[0].result) == kind)
            #expect(miner.requests.filter { $0 == .availability }.count == expectedCalls, "\(miner.requests)")
            #expect(try await store.latestResults()[PoGRunnerUnitTests.target.hotkey]?.passed == false)
            #expect(try await store.pendingTestAllocations().isEmpty, "nothing left to release")
        }
    }

    @Test("one test key per round: every miner of a round is sent the same public key, the next round a fresh one")
    func oneKeyPerRound() async throws {
        let miner = ScriptedMiner(allocation: .output(AllocateOutput(status: false, reason: "scripted refusal")))
        let (round, _) = try Self.round(over: miner, retryLimit: 0)
        let targets = (1...3).map { MinerTarget(uid: $0, hotkey: "5Miner\($0)", ip: "127.0.0.1", port: 9) }
        _ = await round.run(targets: targets)
        _ = await round.run(targets: targets, sharedDeadline: .seconds(30))
        let keys = miner.allocationKeys
        #expect(keys.count == 6, "\(keys.count)")
        #expect(Set(keys.prefix(3)).count == 1 && Set(keys.suffix(3)).count == 1, "one key within each round")
        #expect(keys.first != keys.last, "a fresh key each round")
        #expect(keys.allSatisfy { $0.hasPrefix("-----BEGIN PUBLIC KEY-----") })
    }
}
