import CoreMetrics
import ServiceMetrics

extension MetricName {
    static let pogTests = MetricName(
        "nicompute_validator_pog_tests_total", help: "Proof-of-GPU tests by result (passed, failed, busy: rented, not tested).")
    static let pogFailures = MetricName("nicompute_validator_pog_failures_total", help: "Failed Proof-of-GPU tests by reason.")
    static let pogDuration = MetricName(
        "nicompute_validator_pog_test_duration_seconds", help: "Wall time of one miner's Proof-of-GPU test.",
        buckets: [.seconds(1), .seconds(5), .seconds(15), .seconds(30), .seconds(60), .seconds(120), .seconds(300), .seconds(600)])
    static let rounds = MetricName("nicompute_validator_rounds_total", help: "Proof-of-GPU rounds completed.")
    static let weightsSet = MetricName("nicompute_validator_weights_set_total", help: "Weight settings the chain accepted.")
    static let minerScore = MetricName("nicompute_validator_miner_score", help: "Each tested uid's latest score (0 after a failed test).")
}

/// The validator's `/metrics`: tests by result and failure reason, their durations, rounds,
/// weight settings and each uid's latest score.
///
/// Labels are bounded: results and failure reasons are closed sets (``PoGFailure/kind``), uids
/// come from the metagraph.
public final class ValidatorMetrics: Sendable {
    /// The registry the validator's axon serves.
    public let registry: ServiceMetrics
    private let passed: Counter
    private let failed: Counter
    private let busy: Counter
    private let rounds: Counter
    private let weights: Counter
    private let duration: Timer

    public init(registry: ServiceMetrics = ServiceMetrics()) {
        self.registry = registry
        // Made up front, so each series exists (at 0) from the first scrape and `increase`
        // sees its first test.
        passed = registry.counter(.pogTests, [("result", "passed")])
        failed = registry.counter(.pogTests, [("result", "failed")])
        busy = registry.counter(.pogTests, [("result", "busy")])
        rounds = registry.counter(.rounds)
        weights = registry.counter(.weightsSet)
        duration = registry.timer(.pogDuration)
    }

    func record(_ outcome: PoGOutcome) {
        switch outcome.result {
        case .busy:
            busy.increment()
        case let .passed(_, _, score):
            passed.increment()
            registry.gauge(.minerScore, [("uid", String(outcome.target.uid))]).record(score.isFinite ? score : 0)
        case let .failed(failure):
            failed.increment()
            registry.counter(.pogFailures, [("reason", failure.kind)]).increment()
            registry.gauge(.minerScore, [("uid", String(outcome.target.uid))]).record(0)
        }
        if outcome.elapsedSeconds.isFinite, outcome.elapsedSeconds >= 0 {
            duration.recordSeconds(outcome.elapsedSeconds)
        }
    }

    func roundFinished() { rounds.increment() }
    func weightsSet() { weights.increment() }
}
