import CoreMetrics
import ServiceMetrics

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
/// grow the metrics. ``ServiceMetrics`` keeps each label set's handle, so a request costs two
/// lookups and two atomic updates.
struct AxonMetrics: Sendable {
    /// The label of requests for paths no synapse is attached to.
    static let unknownSynapse = "unknown"

    let metrics: ServiceMetrics

    func record(synapse: String, status: Int, elapsed: Duration) {
        metrics.counter(.axonRequests, [("synapse", synapse), ("status", String(status))]).increment()
        metrics.timer(.axonRequestDuration, [("synapse", synapse)]).recordNanoseconds(elapsed.nanoseconds)
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
