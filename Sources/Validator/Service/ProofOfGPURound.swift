import ComputeProtocol
import Logging

/// One Proof-of-GPU round over a set of miners: test containers an earlier run left are released
/// first, then every miner is tested, at most `maximumConcurrentTests` at once with transient
/// failures retried, or (a sybil slot) all at once under one deadline; every outcome is recorded
/// in the store and counted in `/metrics`.
struct ProofOfGPURound: Sendable {
    let configuration: ValidatorConfiguration
    let runner: PoGRunner
    let store: ValidatorStore
    let metrics: ValidatorMetrics
    let logger: Logger

    /// Releases test containers an earlier run (or round) could not: at start and before
    /// each round.
    func releaseLeftovers() async {
        for (target, publicKey) in (try? await store.pendingTestAllocations()) ?? [] {
            logger.info("validator: releasing the test container left on uid \(target.uid) by a previous run")
            await runner.release(target, publicKey: publicKey)
        }
    }

    /// Tests every queryable miner, at most `maximumConcurrentTests` at once, retrying
    /// transient failures; records every outcome. A sybil-slot round (`sharedDeadline`) starts
    /// every test at once, without retries, each ending by that deadline, as v2.2's check does.
    func run(targets: [MinerTarget], sharedDeadline: Duration? = nil) async -> [PoGOutcome] {
        let (config, runner) = (configuration, runner)
        await releaseLeftovers()
        // One key for the round's tests (see TestKey); should making it fail, each test tries its own.
        let key = try? TestKey.generate()
        var outcomes = [PoGOutcome]()
        await withTaskGroup(of: PoGOutcome.self) { group in
            var pending = targets.makeIterator()
            var running = 0
            func startNext() -> Bool {
                guard let target = pending.next() else { return false }
                if let sharedDeadline {
                    group.addTask { await runner.test(target, timeout: sharedDeadline, key: key) }
                } else {
                    group.addTask {
                        await Self.testWithRetries(
                            target, runner: runner, key: key, retryLimit: config.retryLimit, interval: config.retryInterval)
                    }
                }
                return true
            }
            let concurrency = sharedDeadline == nil ? config.maximumConcurrentTests : targets.count
            while running < concurrency, startNext() { running += 1 }
            while let outcome = await group.next() {
                outcomes.append(outcome)
                metrics.record(outcome)
                do { try await store.record(outcome) } catch {
                    logger.warning("validator: could not record uid \(outcome.target.uid): \(error)")
                }
                if !startNext() { running -= 1 }
            }
        }
        metrics.roundFinished()
        return outcomes
    }

    private static func testWithRetries(
        _ target: MinerTarget, runner: PoGRunner, key: TestKey?, retryLimit: Int, interval: Duration
    ) async -> PoGOutcome {
        var outcome = await runner.test(target, key: key)
        var attempts = 1
        while case let .failed(failure) = outcome.result, failure.isTransient, attempts <= retryLimit, !Task.isCancelled {
            try? await Task.sleep(for: interval)
            outcome = await runner.test(target, key: key)
            attempts += 1
        }
        return outcome
    }
}
