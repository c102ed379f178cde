import CoreMetrics
import ServiceMetrics

extension MetricName {
    static let apiRequests = MetricName("nicompute_api_requests_total", help: "Register API requests by route and HTTP status.")
    static let apiLeader = MetricName("nicompute_api_leader", help: "1 when this instance runs the health monitor and delivers webhooks.")
    static let apiOutboxPending = MetricName(
        "nicompute_api_webhook_outbox_pending", help: "Webhooks waiting for delivery (NaN when the database does not answer).")
}

/// The Register API's `/metrics`: requests by route and status, leadership, the webhook backlog.
///
/// Routes are labelled by the pattern they were declared with, never the request's own path, so
/// made-up paths cannot grow the label set.
struct APIMetrics: Sendable {
    let registry: ServiceMetrics

    init(registry: ServiceMetrics = ServiceMetrics(), election: LeaderElection, store: any RentalStore) {
        self.registry = registry
        let leader = registry.gauge(.apiLeader)
        let backlog = registry.gauge(.apiOutboxPending)
        registry.beforeScrape {
            leader.record(election.isLeader ? 1 : 0)
            // The outbox lives in the shared database: every instance reports the same backlog.
            backlog.record((try? await store.pendingWebhooks()).map(Double.init) ?? .nan)
        }
    }

    func record(route: String, status: Int) {
        registry.counter(.apiRequests, [("route", route), ("status", String(status))]).increment()
    }
}
