/// Request counts by synapse and status, served at `/metrics` in Prometheus' text format.
actor AxonMetrics {
    private var counts: [String: [Int: Int]] = [:]
    private var seconds: [String: Double] = [:]

    func record(synapse: String, status: Int, seconds elapsed: Double) {
        counts[synapse, default: [:]][status, default: 0] += 1
        seconds[synapse, default: 0] += elapsed
    }

    func render() -> String {
        var lines = [
            "# HELP axon_requests_total Synapse requests by name and HTTP status.",
            "# TYPE axon_requests_total counter",
        ]
        for (synapse, byStatus) in counts.sorted(by: { $0.key < $1.key }) {
            for (status, count) in byStatus.sorted(by: { $0.key < $1.key }) {
                lines.append("axon_requests_total{synapse=\"\(synapse)\",status=\"\(status)\"} \(count)")
            }
        }
        lines += ["# HELP axon_request_seconds_total Time spent answering synapse requests.", "# TYPE axon_request_seconds_total counter"]
        for (synapse, total) in seconds.sorted(by: { $0.key < $1.key }) {
            lines.append("axon_request_seconds_total{synapse=\"\(synapse)\"} \(total)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
