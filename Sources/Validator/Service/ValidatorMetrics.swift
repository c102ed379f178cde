import Synchronization

/// Counters for `/metrics`: miners tested, passed, failed by reason, and test durations.
public final class ValidatorMetrics: Sendable {
    private struct Counts {
        var tested = 0
        var passed = 0
        var busy = 0
        var failed: [String: Int] = [:]
        var seconds = 0.0
        var rounds = 0
        var weightsSet = 0
        /// Each uid's latest verdict: its score, 0 when it failed (a rented miner keeps its own).
        var scores: [Int: Double] = [:]
    }

    private let counts = Mutex(Counts())

    public init() {}

    func record(_ outcome: PoGOutcome) {
        counts.withLock { counts in
            switch outcome.result {
            case .busy: counts.busy += 1
            case let .passed(_, _, score):
                counts.tested += 1
                counts.passed += 1
                counts.scores[outcome.target.uid] = score
            case let .failed(failure):
                counts.tested += 1
                counts.failed[failure.kind, default: 0] += 1
                counts.scores[outcome.target.uid] = 0
            }
            counts.seconds += outcome.elapsedSeconds
        }
    }

    func roundFinished() { counts.withLock { $0.rounds += 1 } }
    func weightsSet() { counts.withLock { $0.weightsSet += 1 } }

    public func render() -> String {
        let snapshot = counts.withLock { $0 }
        var lines = [
            "# HELP validator_pog_tested_total Miners tested with Proof-of-GPU.", "# TYPE validator_pog_tested_total counter",
            "validator_pog_tested_total \(snapshot.tested)",
            "# HELP validator_pog_passed_total Tests that passed.", "# TYPE validator_pog_passed_total counter",
            "validator_pog_passed_total \(snapshot.passed)",
            "# HELP validator_pog_busy_total Miners skipped because they were rented.", "# TYPE validator_pog_busy_total counter",
            "validator_pog_busy_total \(snapshot.busy)",
            "# HELP validator_pog_failed_total Tests that failed, by reason.", "# TYPE validator_pog_failed_total counter",
        ]
        for (kind, count) in snapshot.failed.sorted(by: { $0.key < $1.key }) {
            lines.append("validator_pog_failed_total{reason=\"\(kind)\"} \(count)")
        }
        lines += [
            "# HELP validator_pog_seconds_total Time spent in tests.", "# TYPE validator_pog_seconds_total counter",
            "validator_pog_seconds_total \(snapshot.seconds)",
            "# HELP validator_pog_rounds_total Rounds completed.", "# TYPE validator_pog_rounds_total counter",
            "validator_pog_rounds_total \(snapshot.rounds)",
            "# HELP validator_weights_set_total Weight settings accepted by the chain.", "# TYPE validator_weights_set_total counter",
            "validator_weights_set_total \(snapshot.weightsSet)",
            "# HELP validator_miner_score Each tested uid's latest score (0 after a failed test).", "# TYPE validator_miner_score gauge",
        ]
        for (uid, score) in snapshot.scores.sorted(by: { $0.key < $1.key }) {
            lines.append("validator_miner_score{uid=\"\(uid)\"} \(score.isFinite ? score : 0)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
