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

    /// A counter of `metric` with these label values; the same one each time it is asked for.
    public func counter(_ metric: MetricName, _ dimensions: [(String, String)] = []) -> CoreMetrics.Counter {
        handle(.counter, metric, dimensions) { CoreMetrics.Counter(label: metric.name, dimensions: dimensions, factory: factory) }
    }

    /// A gauge that keeps the last value recorded; the same one each time it is asked for.
    public func gauge(_ metric: MetricName, _ dimensions: [(String, String)] = []) -> CoreMetrics.Gauge {
        handle(.gauge, metric, dimensions) { CoreMetrics.Gauge(label: metric.name, dimensions: dimensions, factory: factory) }
    }

    /// A timer, exported as a histogram with the name's buckets; the same one each time.
    public func timer(_ metric: MetricName, _ dimensions: [(String, String)] = []) -> CoreMetrics.Timer {
        handle(.timer, metric, dimensions) { CoreMetrics.Timer(label: metric.name, dimensions: dimensions, factory: factory) }
    }

    /// Takes the gauge of these labels out of the exposition (a value that no longer exists,
    /// such as a GPU model the subnet config dropped); asking for it again makes a new one.
    public func removeGauge(_ metric: MetricName, _ dimensions: [(String, String)]) {
        let key = HandleKey(kind: .gauge, name: metric.name, labels: dimensions.flatMap { [$0.0, $0.1] })
        let removed = handles.withLock { $0.removeValue(forKey: key) }
        (removed as? CoreMetrics.Gauge)?.destroy()
    }

    // MARK: - Handles

    private enum Kind: Hashable { case counter, gauge, timer }

    private struct HandleKey: Hashable {
        let kind: Kind
        let name: String
        let labels: [String]
    }

    /// Made once per name and label values and kept: callers on hot paths (every axon request)
    /// ask by labels and get the handle without building a new one each time.
    private let handles = Mutex<[HandleKey: any Sendable]>([:])

    private func handle<Handle: Sendable>(_ kind: Kind, _ metric: MetricName, _ dimensions: [(String, String)], make: () -> Handle)
        -> Handle
    {
        let key = HandleKey(kind: kind, name: metric.name, labels: dimensions.flatMap { [$0.0, $0.1] })
        return handles.withLock { handles in
            if let known = handles[key] as? Handle { return known }
            declare(metric)
            let made = make()
            handles[key] = made
            return made
        }
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
