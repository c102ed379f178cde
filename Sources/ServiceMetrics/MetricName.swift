/// A metric this project exports: its Prometheus name, its help text and, for timers, the
/// histogram's buckets.
///
/// Each module declares its own names as static members in an extension, so `/metrics`, the
/// alert rules in `deploy/prometheus/` and the dashboard read one spelling. Every name begins
/// with `nicompute_`; a name is declared once (two declarations with different help text would
/// stop the registry, which refuses to serve one name with two meanings).
public struct MetricName: Sendable, Hashable {
    /// The name as Prometheus shows it, e.g. `nicompute_axon_requests_total`.
    public let name: String
    /// One line for `# HELP`.
    public let help: String
    /// Upper bounds of a timer's histogram buckets; nil for counters and gauges.
    public let buckets: [Duration]?

    public init(_ name: String, help: String, buckets: [Duration]? = nil) {
        precondition(name.hasPrefix("nicompute_"), "metric \(name) must begin with nicompute_")
        self.name = name
        self.help = help
        self.buckets = buckets
    }
}
