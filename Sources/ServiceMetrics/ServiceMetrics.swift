import CoreMetrics
import Prometheus
import Synchronization

/// The metrics one service serves at `/metrics`, recorded through swift-metrics and kept in a
/// Prometheus registry of its own.
///
/// A service owns its registry rather than bootstrapping the process-wide `MetricsSystem`:
/// tests run several axons, miners and API instances in one process, and each must count only
/// its own requests. Values that are read rather than counted (a miner's allocation, the API's
/// webhook backlog) are refreshed by ``beforeScrape(_:)`` hooks when `/metrics` is asked for.
///
/// Labels are bounded by the callers: synapse names the axon attached, HTTP statuses, route
/// patterns, failure kinds, uids of the metagraph, GPU models of the subnet config.
public final class ServiceMetrics: Sendable {
    /// The content type of ``exposition()`` (Prometheus' text format).
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Hands metrics to swift-metrics' types (`Counter(label:dimensions:factory:)` and the
    /// like); declare the name with ``declare(_:)`` first so it carries its help text.
    public let factory: any MetricsFactory
    private let registry: PrometheusCollectorRegistry
    private let catalogue: CatalogedPrometheusFactory.Catalogue
    private let refreshers = Mutex<[@Sendable () async -> Void]>([])

    public init() {
        registry = PrometheusCollectorRegistry()
        catalogue = CatalogedPrometheusFactory.Catalogue()
        factory = CatalogedPrometheusFactory(registry: registry, catalogue: catalogue)
    }

    /// Records a name's help text and buckets before the first metric of that name is made.
    public func declare(_ metric: MetricName) { catalogue.declare(metric) }

    /// A counter of `metric` with these label values.
    public func counter(_ metric: MetricName, _ dimensions: [(String, String)] = []) -> CoreMetrics.Counter {
        declare(metric)
        return CoreMetrics.Counter(label: metric.name, dimensions: dimensions, factory: factory)
    }

    /// A counter of fractional amounts (seconds, for instance).
    public func floatingPointCounter(_ metric: MetricName, _ dimensions: [(String, String)] = []) -> CoreMetrics.FloatingPointCounter {
        declare(metric)
        return CoreMetrics.FloatingPointCounter(label: metric.name, dimensions: dimensions, factory: factory)
    }

    /// A gauge that keeps the last value recorded.
    public func gauge(_ metric: MetricName, _ dimensions: [(String, String)] = []) -> CoreMetrics.Gauge {
        declare(metric)
        return CoreMetrics.Gauge(label: metric.name, dimensions: dimensions, factory: factory)
    }

    /// A timer, exported as a histogram with the name's buckets.
    public func timer(_ metric: MetricName, _ dimensions: [(String, String)] = []) -> CoreMetrics.Timer {
        declare(metric)
        return CoreMetrics.Timer(label: metric.name, dimensions: dimensions, factory: factory)
    }

    /// Runs `refresh` before each exposition, to record values that are read, not counted.
    public func beforeScrape(_ refresh: @escaping @Sendable () async -> Void) {
        refreshers.withLock { $0.append(refresh) }
    }

    /// Every metric in Prometheus' text format, after the refresh hooks have run.
    public func exposition() async -> String {
        for refresh in refreshers.withLock({ $0 }) { await refresh() }
        return registry.emitToString()
    }
}
