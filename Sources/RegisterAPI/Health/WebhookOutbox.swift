import AsyncHTTPClient
import BittensorNetwork
import Crypto
import Foundation
import HexCoding
import Logging
import NIOCore

/// Webhooks wait here, in the store's outbox, until their receiver answers 200 or 201: a restart loses
/// none. Each is signed `x-webhook-signature: hex(HMAC-SHA256(secret, body))` as the reference,
/// and retried with exponential back-off (15 s, 30 s, … up to an hour) for a day.
public struct WebhookOutbox: Sendable {
    public struct Configuration: Sendable {
        public var deallocationURL: String?
        public var statusURL: String?
        public var secret: String
        public var firstRetry: Duration
        public var giveUpAfter: Duration
        /// Webhooks waiting at most; more are refused (``WebhookOutboxFull``) rather than let a
        /// dead receiver fill the database.
        public var capacity: Int

        public init(
            deallocationURL: String?, statusURL: String?, secret: String, firstRetry: Duration = .seconds(15),
            giveUpAfter: Duration = .seconds(86_400), capacity: Int = 100_000
        ) {
            self.capacity = capacity
            self.deallocationURL = deallocationURL
            self.statusURL = statusURL
            self.secret = secret
            self.firstRetry = firstRetry
            self.giveUpAfter = giveUpAfter
        }
    }

    private let store: any RentalStore
    private let configuration: Configuration
    private let http: HTTPClient
    private let logger: Logger

    public init(store: any RentalStore, configuration: Configuration, logger: Logger = Logger(label: "api.webhooks")) {
        self.store = store
        self.configuration = configuration
        // The shared client needs no shutdown, so the outbox can go away with the process.
        self.http = HTTPClient.shared
        self.logger = logger
    }

    /// Queues `event` for its receiver (nothing when that URL is not configured); throws
    /// ``WebhookOutboxFull`` when ``Configuration/capacity`` webhooks already wait.
    public func enqueue(_ event: WebhookEvent) async throws {
        let url = event.kind == .deallocation ? configuration.deallocationURL : configuration.statusURL
        guard let url, !url.isEmpty else { return }
        let pending = try await store.pendingWebhooks()
        guard pending < configuration.capacity else {
            logger.warning("api: webhook outbox full (\(pending) waiting): \(event.kind.rawValue) for \(event.hotkey) not queued")
            throw WebhookOutboxFull(capacity: configuration.capacity)
        }
        let now = Date().timeIntervalSince1970
        try await store.enqueueWebhook(url: url, body: String(decoding: event.body(now: now), as: UTF8.self), now: now)
    }

    /// Sends what is due; returns how many were delivered.
    @discardableResult
    public func deliverDue(now: Double = Date().timeIntervalSince1970) async -> Int {
        let due: [QueuedWebhook]
        do { due = try await store.leaseDueWebhooks(now: now, until: now + Self.lease, limit: 20) } catch {
            logger.warning("api: cannot read the webhook outbox: \(error)")
            return 0
        }
        var delivered = 0
        for webhook in due {
            guard let error = await post(url: webhook.url, body: Array(webhook.body.utf8)) else {
                try? await store.deleteWebhook(id: webhook.id)
                delivered += 1
                continue
            }
            if now - webhook.createdAt > configuration.giveUpAfter.seconds {
                logger.warning("api: webhook \(webhook.id) to \(webhook.url) given up after \(webhook.attempts + 1) attempts: \(error)")
                try? await store.deleteWebhook(id: webhook.id)
                continue
            }
            let delay = min(3_600, configuration.firstRetry.seconds * Double(1 << min(webhook.attempts, 12)))
            try? await store.rescheduleWebhook(id: webhook.id, nextAt: now + delay, error: error)
        }
        return delivered
    }

    /// How long a batch being sent is kept from other senders: 20 posts of at most 10 s each.
    static let lease = 300.0

    /// Webhooks still waiting.
    public func pending() async throws -> Int { try await store.pendingWebhooks() }

    /// nil when the receiver took it (200/201), else why not.
    private func post(url: String, body: [UInt8]) async -> String? {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "accept", value: "*/*")
        request.headers.add(name: "Content-Type", value: "application/json")
        let signature = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(configuration.secret.utf8)))
        request.headers.add(name: "x-webhook-signature", value: Hex.encode(Array(signature)))
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await http.execute(request, timeout: .seconds(10))
            _ = try? await response.body.collect(upTo: 1 << 16)
            return [200, 201].contains(response.status.code) ? nil : "HTTP \(response.status.code)"
        } catch {
            return "\(error)"
        }
    }
}

/// The outbox holds ``WebhookOutbox/Configuration/capacity`` webhooks already: its receiver
/// has not taken any for a while.
public struct WebhookOutboxFull: Error, CustomStringConvertible, Sendable {
    public let capacity: Int
    public var description: String { "the webhook outbox is full (\(capacity) waiting): the receiver is not taking them" }
}
