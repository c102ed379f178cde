import CoreMetrics
import ServiceMetrics
import Synchronization

extension MetricName {
    static let axonRequests = MetricName("nicompute_axon_requests_total", help: "Synapse requests by name and HTTP status.")
    static let axonRequestDuration = MetricName(
        "nicompute_axon_request_duration_seconds", help: "Time from a request's arrival to its answer, by synapse.",
        buckets: [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(50),
            .milliseconds(250), .seconds(1), .seconds(5), .seconds(30),
        ])
}

/// The axon's request counts and durations by synapse and status.
///
/// Labels are bounded: the axon records attached synapse names as they are and every other
/// path as ``unknownSynapse``, and statuses are HTTP codes, so a scan of made-up paths cannot
/// grow the metrics. Handles are made once per label set and kept, so a request costs two
/// dictionary lookups and two atomic updates.
final class AxonMetrics: Sendable {
    /// The label of requests for paths no synapse is attached to.
    static let unknownSynapse = "unknown"

    private struct Key: Hashable { let synapse: String; let status: Int }

    private let metrics: ServiceMetrics
    private let counters = Mutex<[Key: Counter]>([:])
    private let timers = Mutex<[String: Timer]>([:])

    init(_ metrics: ServiceMetrics) {
        self.metrics = metrics
    }

    func record(synapse: String, status: Int, elapsed: Duration) {
        let key = Key(synapse: synapse, status: status)
        let counter = counters.withLock { counters in
            if let known = counters[key] { return known }
            let made = metrics.counter(.axonRequests, [("synapse", synapse), ("status", String(status))])
            counters[key] = made
            return made
        }
        counter.increment()
        let timer = timers.withLock { timers in
            if let known = timers[synapse] { return known }
            let made = metrics.timer(.axonRequestDuration, [("synapse", synapse)])
            timers[synapse] = made
            return made
        }
        timer.recordNanoseconds(elapsed.nanoseconds)
    }
}

extension Duration {
    /// Whole nanoseconds, saturating at `Int64.max` (about 292 years).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return seconds < 0 ? Int64.min : Int64.max }
        let (total, overflowAgain) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        return overflowAgain ? (scaled < 0 ? Int64.min : Int64.max) : total
    }
}
