import Synchronization

/// Request counts by synapse and status, served at `/metrics` in Prometheus' text format.
///
/// Labels are bounded: the axon records attached synapse names as they are and every other
/// path as ``unknownSynapse``, and statuses are HTTP codes, so a scan of made-up paths cannot
/// grow the metrics (or break the text format with a quote in a label).
final class AxonMetrics: Sendable {
    /// The label of requests for paths no synapse is attached to.
    static let unknownSynapse = "unknown"

    private struct Counts {
        var requests: [String: [Int: Int]] = [:]
        var seconds: [String: Double] = [:]
    }

    private let counts = Mutex(Counts())

    func record(synapse: String, status: Int, seconds elapsed: Double) {
        counts.withLock { counts in
            counts.requests[synapse, default: [:]][status, default: 0] += 1
            counts.seconds[synapse, default: 0] += elapsed
        }
    }

    func render() -> String {
        let snapshot = counts.withLock { $0 }
        var lines = [
            "# HELP axon_requests_total Synapse requests by name and HTTP status.",
            "# TYPE axon_requests_total counter",
        ]
        for (synapse, byStatus) in snapshot.requests.sorted(by: { $0.key < $1.key }) {
            for (status, count) in byStatus.sorted(by: { $0.key < $1.key }) {
                lines.append("axon_requests_total{synapse=\"\(synapse)\",status=\"\(status)\"} \(count)")
            }
        }
        lines += ["# HELP axon_request_seconds_total Time spent answering synapse requests.", "# TYPE axon_request_seconds_total counter"]
        for (synapse, total) in snapshot.seconds.sorted(by: { $0.key < $1.key }) {
            lines.append("axon_request_seconds_total{synapse=\"\(synapse)\"} \(total)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
