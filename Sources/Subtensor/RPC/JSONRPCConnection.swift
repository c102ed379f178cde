import Foundation
import HummingbirdWSClient
import Logging

/// JSON-RPC 2.0 over one WebSocket to a substrate node, shared by every caller.
///
/// - Connects lazily, and again after a drop (up to `connectAttempts` tries per request).
/// - Every request has a read deadline; a drop fails the requests in flight at once with
///   ``RPCError/connectionLost(method:)`` instead of leaving them hanging.
/// - At most `maxPending` requests wait at a time, and subscription notifications that arrive
///   before their subscriber are buffered up to a fixed bound: nothing grows without limit.
public actor JSONRPCConnection {
    /// Limits and timings of a connection.
    public struct Configuration: Sendable {
        /// `ws://` or `wss://` URL of the node.
        public var endpoint: String
        /// Read deadline of each request.
        public var requestTimeout: Duration
        /// How long one connection attempt may take.
        public var connectTimeout: Duration
        /// Connection attempts per request before giving up.
        public var connectAttempts: Int
        /// Pause between connection attempts.
        public var retryDelay: Duration
        /// Requests that may wait for answers at once; more are refused.
        public var maxPending: Int
        /// The largest message accepted (metadata is about 700 KB, hex-encoded twice that).
        public var maxMessageBytes: Int
        /// How often to ping the node; a missing pong closes the connection, so a link that
        /// died silently is noticed and replaced instead of timing every request out. nil: never.
        public var pingInterval: Duration?

        /// Limits for `endpoint`; the defaults suit a public node.
        public init(
            endpoint: String, requestTimeout: Duration = .seconds(30), connectTimeout: Duration = .seconds(10),
            connectAttempts: Int = 3, retryDelay: Duration = .milliseconds(500), maxPending: Int = 256,
            maxMessageBytes: Int = 32 << 20, pingInterval: Duration? = .seconds(30)
        ) {
            self.endpoint = endpoint
            self.requestTimeout = requestTimeout
            self.connectTimeout = connectTimeout
            self.connectAttempts = connectAttempts
            self.retryDelay = retryDelay
            self.maxPending = maxPending
            self.maxMessageBytes = maxMessageBytes
            self.pingInterval = pingInterval
        }
    }

    private struct Pending {
        var method: String
        var continuation: CheckedContinuation<RPCValue, any Error>
        var deadline: Task<Void, Never>
    }

    private enum State {
        case idle
        case connecting(generation: Int, waiters: [CheckedContinuation<WebSocketOutboundWriter, any Error>])
        case open(generation: Int, writer: WebSocketOutboundWriter)
        case closed
    }

    public nonisolated let configuration: Configuration
    private var state: State = .idle
    private var generation = 0
    private var connectionTask: Task<Void, Never>?
    private var pending: [Int: Pending] = [:]
    private var nextID = 1
    private var subscriptions: [String: AsyncStream<RPCValue>.Continuation] = [:]
    private var early: [(subscription: String, value: RPCValue)] = []
    private static let earlyLimit = 64
    private let logger = Logger(label: "nicompute.subtensor.rpc")

    public init(configuration: Configuration) throws(RPCError) {
        let endpoint = configuration.endpoint
        guard let url = URL(string: endpoint), ["ws", "wss"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
            throw .invalidEndpoint(endpoint)
        }
        self.configuration = configuration
    }

    /// How many requests are waiting for answers now.
    public var pendingCount: Int { pending.count }

    /// Sends `method(params)` and waits for its result.
    public func request(_ method: String, _ params: [RPCValue] = []) async throws -> RPCValue {
        if case .closed = state { throw RPCError.closed }
        guard pending.count < configuration.maxPending else { throw RPCError.tooManyPending(limit: configuration.maxPending) }
        let writer = try await openWriter()
        let id = nextID
        nextID += 1
        let text = try Self.encodeRequest(id: id, method: method, params: params)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<RPCValue, any Error>) in
                // Cancelled before registering: the cancellation handler found nothing to fail.
                guard !Task.isCancelled else {
                    continuation.resume(throwing: CancellationError())
                    return
                }
                let timeout = configuration.requestTimeout
                let deadline = Task { [weak self] in
                    try? await Task.sleep(for: timeout)
                    guard !Task.isCancelled else { return }
                    await self?.fail(id: id, with: RPCError.timedOut(method: method, seconds: Self.seconds(timeout)))
                }
                pending[id] = Pending(method: method, continuation: continuation, deadline: deadline)
                Task {
                    do { try await writer.writeTextMessage(text) } catch {
                        self.fail(id: id, with: RPCError.connectionLost(method: method))
                    }
                }
            }
        } onCancel: {
            Task { await self.fail(id: id, with: CancellationError()) }
        }
    }

    /// Starts a subscription (`author_submitAndWatchExtrinsic`, …): its id and its notifications.
    /// The stream ends when the connection drops or the subscription is ended.
    public func subscribe(_ method: String, _ params: [RPCValue]) async throws -> (id: String, updates: AsyncStream<RPCValue>) {
        let result = try await request(method, params)
        let id: String
        switch result {
        case let .string(text): id = text
        case let .int(number): id = String(number)
        default: throw RPCError.unexpectedResult(method: method, detail: "subscription id \(result)")
        }
        let (stream, continuation) = AsyncStream<RPCValue>.makeStream(bufferingPolicy: .bufferingNewest(64))
        subscriptions[id] = continuation
        for item in early where item.subscription == id { continuation.yield(item.value) }
        early.removeAll { $0.subscription == id }
        return (id, stream)
    }

    /// Stops delivering a subscription's notifications.
    public func endSubscription(_ id: String) {
        subscriptions.removeValue(forKey: id)?.finish()
    }

    /// Closes the connection; requests in flight fail and later ones throw ``RPCError/closed``.
    public func close() {
        dropConnection(error: RPCError.closed)
        state = .closed
    }

    /// Drops the current connection as if the network had (tests use it to exercise recovery).
    public func dropForTesting() {
        dropConnection(error: nil)
    }

    // MARK: - Connection

    private func openWriter() async throws -> WebSocketOutboundWriter {
        var lastError: any Error = RPCError.connectFailed(endpoint: configuration.endpoint, reason: "no attempt made")
        for attempt in 1...max(configuration.connectAttempts, 1) {
            do {
                return try await openOnce()
            } catch let error as RPCError where error == .closed {
                throw error
            } catch {
                lastError = error
                logger.debug("connect attempt \(attempt) to \(configuration.endpoint) failed: \(error)")
                if attempt < configuration.connectAttempts { try await Task.sleep(for: configuration.retryDelay) }
            }
        }
        if let failure = lastError as? RPCError, case .connectFailed = failure { throw failure }
        throw RPCError.connectFailed(endpoint: configuration.endpoint, reason: "\(lastError)")
    }

    private func openOnce() async throws -> WebSocketOutboundWriter {
        switch state {
        case let .open(_, writer): return writer
        case .closed: throw RPCError.closed
        case let .connecting(current, waiters):
            return try await withCheckedThrowingContinuation { continuation in
                state = .connecting(generation: current, waiters: waiters + [continuation])
            }
        case .idle:
            generation += 1
            let current = generation
            return try await withCheckedThrowingContinuation { continuation in
                state = .connecting(generation: current, waiters: [continuation])
                startConnection(generation: current)
            }
        }
    }

    private func startConnection(generation current: Int) {
        let configuration = configuration
        let logger = logger
        let timeout = configuration.connectTimeout
        connectionTask = Task {
            let watchdog = Task { [weak self] in
                try? await Task.sleep(for: timeout)
                guard !Task.isCancelled else { return }
                await self?.connectTimedOut(generation: current)
            }
            var failure: (any Error)?
            do {
                let client = WebSocketClient(
                    url: configuration.endpoint,
                    configuration: .init(
                        maxFrameSize: configuration.maxMessageBytes,
                        autoPing: configuration.pingInterval.map { .enabled(timePeriod: $0) } ?? .disabled),
                    logger: logger
                ) { inbound, outbound, _ in
                    // A connection that arrives after its attempt was given up is closed at once.
                    guard await self.attached(generation: current, writer: outbound) else {
                        try? await outbound.close(.normalClosure, reason: nil)
                        return
                    }
                    for try await message in inbound.messages(maxSize: configuration.maxMessageBytes) {
                        switch message {
                        case let .text(text): await self.receive(text, generation: current)
                        case let .binary(buffer): await self.receive(String(buffer: buffer), generation: current)
                        }
                    }
                }
                try await client.run()
            } catch {
                failure = error
            }
            watchdog.cancel()
            self.connectionEnded(generation: current, error: failure)
        }
    }

    private func attached(generation current: Int, writer: WebSocketOutboundWriter) -> Bool {
        guard case let .connecting(expected, waiters) = state, expected == current else { return false }
        state = .open(generation: current, writer: writer)
        for waiter in waiters { waiter.resume(returning: writer) }
        return true
    }

    private func connectTimedOut(generation current: Int) {
        guard case let .connecting(expected, _) = state, expected == current else { return }
        dropConnection(
            error: RPCError.connectFailed(
                endpoint: configuration.endpoint,
                reason: "no WebSocket within \(Self.seconds(configuration.connectTimeout)) s"))
    }

    private func connectionEnded(generation current: Int, error: (any Error)?) {
        switch state {
        case let .connecting(expected, _) where expected == current,
            let .open(expected, _) where expected == current:
            dropConnection(error: error.map { RPCError.connectFailed(endpoint: configuration.endpoint, reason: "\($0)") })
        default:
            return
        }
    }

    /// Ends the current connection: waiters for it get `error` (or a drop), in-flight requests
    /// fail with `connectionLost`, subscriptions end.
    private func dropConnection(error: (any Error)?) {
        let previous = state
        state = .idle
        connectionTask?.cancel()
        connectionTask = nil
        // Close the socket itself: cancelling the task does not reach NIO's channel.
        if case let .open(_, writer) = previous {
            Task { try? await writer.close(.normalClosure, reason: nil) }
        }
        if case let .connecting(_, waiters) = previous {
            for waiter in waiters {
                waiter.resume(throwing: error ?? RPCError.connectFailed(endpoint: configuration.endpoint, reason: "connection dropped"))
            }
        }
        let inFlight = pending
        pending.removeAll()
        for (_, request) in inFlight {
            request.deadline.cancel()
            request.continuation.resume(
                throwing: (error as? RPCError) == .closed ? RPCError.closed : RPCError.connectionLost(method: request.method))
        }
        for (_, subscription) in subscriptions { subscription.finish() }
        subscriptions.removeAll()
        early.removeAll()
    }

    private func fail(id: Int, with error: any Error) {
        guard let request = pending.removeValue(forKey: id) else { return }
        request.deadline.cancel()
        request.continuation.resume(throwing: error)
    }

    // MARK: - Messages

    private func receive(_ text: String, generation current: Int) {
        guard case let .open(expected, _) = state, expected == current else { return }
        guard let message = try? JSONDecoder().decode(RPCValue.self, from: Data(text.utf8)) else {
            logger.debug("ignoring a message that is not JSON")
            return
        }
        if let id = message["id"]?.int, let request = pending.removeValue(forKey: Int(id)) {
            request.deadline.cancel()
            if let error = message["error"], !error.isNull {
                request.continuation.resume(
                    throwing: RPCError.server(
                        method: request.method, code: error["code"]?.int ?? 0,
                        message: error["message"]?.string ?? "\(error)"))
            } else {
                request.continuation.resume(returning: message["result"] ?? .null)
            }
            return
        }
        // A notification: {"method": …, "params": {"subscription": id, "result": …}}.
        guard let params = message["params"], let result = params["result"] else { return }
        let subscription: String
        switch params["subscription"] {
        case let .string(text)?: subscription = text
        case let .int(number)?: subscription = String(number)
        default: return
        }
        if let continuation = subscriptions[subscription] {
            continuation.yield(result)
        } else if early.count < Self.earlyLimit {
            early.append((subscription, result))
        }
    }

    private static func encodeRequest(id: Int, method: String, params: [RPCValue]) throws -> String {
        let object: RPCValue = .object([
            "jsonrpc": .string("2.0"), "id": .int(Int64(id)), "method": .string(method), "params": .array(params),
        ])
        return String(decoding: try JSONEncoder().encode(object), as: UTF8.self)
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
