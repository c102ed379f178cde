import CoreMetrics
import Prometheus
import Synchronization

/// swift-metrics' factory over one Prometheus registry that knows each declared name's help
/// text and buckets.
///
/// swift-prometheus' own factory registers every metric with empty help; ours looks the name up
/// in the catalogue ``ServiceMetrics`` fills before it creates a metric, so `/metrics` carries
/// `# HELP` lines. Names nobody declared (a library's own metrics) get empty help, consistently.
struct CatalogedPrometheusFactory: MetricsFactory {
    let registry: PrometheusCollectorRegistry
    let catalogue: Catalogue

    /// Declared names, shared with ``ServiceMetrics``.
    final class Catalogue: Sendable {
        private let names = Mutex<[String: MetricName]>([:])

        func declare(_ metric: MetricName) {
            names.withLock { names in
                if let known = names[metric.name] {
                    precondition(known == metric, "metric \(metric.name) is declared twice with different help or buckets")
                }
                names[metric.name] = metric
            }
        }

        func lookUp(_ label: String) -> MetricName? { names.withLock { $0[label] } }
    }

    /// Histogram bounds for a timer declared without its own.
    static let defaultBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(50), .milliseconds(100),
        .milliseconds(500), .seconds(1), .seconds(5), .seconds(30), .seconds(120),
    ]

    private func help(_ label: String) -> String { catalogue.lookUp(label)?.help ?? "" }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        registry.makeCounter(name: label, labels: dimensions, help: help(label))
    }

    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        registry.makeCounter(name: label, labels: dimensions, help: help(label))
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        // Recorders that aggregate would need value buckets; we declare none, so every recorder
        // is a gauge (what swift-metrics' `Gauge` asks for).
        registry.makeGauge(name: label, labels: dimensions, help: help(label))
    }

    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        registry.makeGauge(name: label, labels: dimensions, help: help(label))
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        let buckets = catalogue.lookUp(label)?.buckets ?? Self.defaultBuckets
        return registry.makeDurationHistogram(name: label, labels: dimensions, buckets: buckets, help: help(label))
    }

    func destroyCounter(_ handler: any CounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    func destroyRecorder(_ handler: any RecorderHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
    }

    func destroyMeter(_ handler: any MeterHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
    }

    func destroyTimer(_ handler: any TimerHandler) {
        if let histogram = handler as? DurationHistogram { registry.unregisterDurationHistogram(histogram) }
    }
}
