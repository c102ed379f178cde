import CoreMetrics
import ServiceMetrics
import Testing

@Suite("ServiceMetrics")
struct ServiceMetricsTests {
    static let requests = MetricName("nicompute_test_requests_total", help: "Requests by status.")
    static let backlog = MetricName("nicompute_test_backlog", help: "Items waiting.")
    static let duration = MetricName("nicompute_test_duration_seconds", help: "How long.", buckets: [.milliseconds(10), .seconds(1)])

    @Test("counters, gauges and timers render in Prometheus' text format with their help")
    func exposition() async {
        let metrics = ServiceMetrics()
        metrics.counter(Self.requests, [("status", "200")]).increment(by: 3)
        metrics.counter(Self.requests, [("status", "500")]).increment()
        metrics.timer(Self.duration).recordMilliseconds(5)
        metrics.timer(Self.duration).recordMilliseconds(500)
        let text = await metrics.exposition()
        #expect(
            text.contains("# HELP nicompute_test_requests_total Requests by status.\n# TYPE nicompute_test_requests_total counter\n"),
            "\(text)")
        #expect(text.contains(#"nicompute_test_requests_total{status="200"} 3"#))
        #expect(text.contains(#"nicompute_test_requests_total{status="500"} 1"#))
        #expect(text.contains("# TYPE nicompute_test_duration_seconds histogram"))
        #expect(text.contains(#"nicompute_test_duration_seconds_bucket{le="0.01"} 1"#), "\(text)")
        #expect(text.contains(#"nicompute_test_duration_seconds_bucket{le="1.0"} 2"#))
        #expect(text.contains("nicompute_test_duration_seconds_count 2"))
    }

    @Test("each service counts only its own; refresh hooks run at every scrape")
    func separateRegistriesAndRefresh() async {
        let first = ServiceMetrics(), second = ServiceMetrics()
        first.counter(Self.requests, [("status", "200")]).increment()
        #expect(!(await second.exposition()).contains("nicompute_test_requests_total{"))

        let gauge = second.gauge(Self.backlog)
        let reads = Reads()
        second.beforeScrape { gauge.record(await reads.next()) }
        #expect(await second.exposition().contains("nicompute_test_backlog 1"))
        #expect(await second.exposition().contains("nicompute_test_backlog 2"))
    }

    @Test("a hostile label value is escaped, not a new line of the format")
    func escaping() async {
        let metrics = ServiceMetrics()
        metrics.gauge(Self.backlog, [("model", "NVIDIA \"H100\"\nfake_metric 1")]).record(1)
        let text = await metrics.exposition()
        #expect(text.contains(#"nicompute_test_backlog{model="NVIDIA \"H100\"\nfake_metric 1"} 1"#), "\(text)")
        #expect(!text.contains("\nfake_metric"))
    }

    @Test("a removed gauge leaves the exposition")
    func destroy() async {
        let metrics = ServiceMetrics()
        let gauge = metrics.gauge(Self.backlog, [("model", "A")])
        gauge.record(2)
        #expect(await metrics.exposition().contains(#"nicompute_test_backlog{model="A"} 2"#))
        metrics.removeGauge(Self.backlog, [("model", "A")])
        #expect(!(await metrics.exposition()).contains(#"model="A""#))
    }
}

private actor Reads {
    private var count = 0
    func next() -> Double { count += 1; return Double(count) }
}
