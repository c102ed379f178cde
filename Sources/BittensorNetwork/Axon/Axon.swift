import BittensorCrypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import ServiceMetrics
import Synchronization

/// A bittensor axon: serves attached synapses at `POST /<SynapseName>` (and GET, as the Python
/// axon), byte-compatible with bittensor 9/10 dendrites.
///
/// Each request goes through the Python axon's stages, reordered so that nothing costly or
/// stateful depends on a header before the signature holds: header synapse, every value
/// checked into range (400) → fresh nonce and signature (401) → blacklist on the verified
/// hotkey (403) → nonce memory, recorded (401 on a replay) → priority gate (408 if the deadline
/// passes while waiting) → body within the size limit (413) → body parsed (422) and its hash
/// checked against the signed one (400) → handler under the synapse's timeout (408) → 200
/// with the synapse and its headers.
/// Errors answer `{"message": …}` with the same `bt_header_axon_status_*` headers Python sends.
///
/// Requests are handled on the event loops that read them (``EventLoopTaskExecutor``), hooks
/// and handlers included, so an answer never waits for a thread switch; like code on Swift's
/// global pool, a handler must not block.
public final class Axon: Sendable {
    public let keypair: Keypair
    public let configuration: AxonConfiguration
    /// This axon's uuid, reported in `bt_header_axon_uuid`.
    public let uuid = UUIDString.random()

    /// Time past a synapse's timeout before its handler is cancelled.
    public static let deadlineGrace = 0.5

    private let routes: Mutex<[String: SynapseRoute]>
    /// In memory until ``run(onListening:)`` opens the configured store.
    private let nonces: Mutex<NonceRegistry>
    private let gate: PriorityGate
    /// Where the server's tasks run: the event loops that serve its sockets.
    private let executor = EventLoopTaskExecutor(group: MultiThreadedEventLoopGroup.singleton)
    /// What `/metrics` serves: the axon's request counts and durations, and whatever the
    /// miner or validator behind it records here, on the same port.
    public let metrics: ServiceMetrics
    private let requestMetrics: AxonMetrics
    private let logger: Logger

    public init(
        keypair: Keypair, configuration: AxonConfiguration = AxonConfiguration(), metrics: ServiceMetrics = ServiceMetrics(),
        logger: Logger = Logger(label: "axon")
    ) {
        self.keypair = keypair
        self.metrics = metrics
        self.requestMetrics = AxonMetrics(metrics: metrics)
        self.configuration = configuration
        self.gate = PriorityGate(capacity: configuration.maximumConcurrentHandlers)
        self.routes = Mutex([:])
        self.logger = logger
        self.nonces = Mutex(NonceRegistry())
    }

    /// Serves `S` with `forward`; `blacklist` returns (blocked, reason) and `priority` orders
    /// waiting requests, both seeing the synapse built from headers only (as in Python).
    public func attach<S: Synapse>(
        _ type: S.Type,
        forward: @escaping @Sendable (S) async throws -> S,
        blacklist: (@Sendable (S) async -> (Bool, String))? = nil,
        priority: (@Sendable (S) async -> Double)? = nil
    ) {
        let route = SynapseRoute(type, forward: forward, blacklist: blacklist, priority: priority)
        routes.withLock { $0[route.name] = route }
    }

    /// Runs the server until the task is cancelled, then shuts down gracefully (open requests
    /// finish). `onListening` receives the bound port (useful with port 0).
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        if let path = configuration.nonceStorePath {
            let registry = try NonceRegistry(path: path)
            nonces.withLock { $0 = registry }
            logger.info("axon: nonce memory in \(path), \(registry.trackedKeys) recent dendrites remembered")
        }
        let router = Router(context: AxonRequestContext.self)
        router.get("/metrics") { [metrics] _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: ServiceMetrics.contentType],
                body: .init(byteBuffer: ByteBuffer(string: await metrics.exposition())))
        }
        let handler: @Sendable (Request, AxonRequestContext) async throws -> Response = { [self] request, context in
            try await self.respond(to: request, context: context)
        }
        router.post("{name}", use: handler)
        router.get("{name}", use: handler)
        let application = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            // The loops the executor runs the server's tasks on.
            eventLoopGroupProvider: .shared(executor.group),
            logger: logger
        )
        let services = ServiceGroup(configuration: .init(services: [application], logger: logger))
        // An unstructured task, so that cancelling the caller asks for a graceful shutdown
        // instead of tearing the server's connections down mid-request.
        let server = Task(executorPreference: executor) {
            try await services.run()
        }
        try await withTaskCancellationHandler {
            try await server.value
        } onCancel: {
            Task { await services.triggerGracefulShutdown() }
        }
    }

    // MARK: - The pipeline

    private func respond(to request: Request, context: AxonRequestContext) async throws -> Response {
        let started = ContinuousClock.now
        let name = context.parameters.get("name") ?? ""
        var header = SynapseCommon(name: "Synapse")
        // Unknown paths share one metrics label, so a scan of made-up paths cannot grow them.
        var metricsName = AxonMetrics.unknownSynapse
        let reply: SynapseRoute.Reply
        do {
            guard let route = routes.withLock({ $0[name] }) else {
                throw AxonError.unknownSynapse(LogText.escaped(name), available: ["Synapse"] + routes.withLock { $0.keys.sorted() })
            }
            metricsName = route.name
            do {
                header = try SynapseHeaders.parse(request.headers.map { ($0.name.rawName, $0.value) })
            } catch {
                throw AxonError.badHeader(error)
            }
            header.name = route.name
            stamp(&header, peer: context.remoteAddress)
            reply = try await process(route: route, header: header, request: request, started: started)
        } catch let error as AxonError {
            reply = errorReply(error, header: header, started: started)
        }
        requestMetrics.record(synapse: metricsName, status: reply.status, elapsed: ContinuousClock.now - started)
        var fields = HTTPFields()
        for (key, value) in reply.headers {
            if let fieldName = HTTPField.Name(key) { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        fields[.contentType] = "application/json"
        return Response(status: .init(code: reply.status), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: reply.body)))
    }

    /// Authentication first, then the caller's hooks, then the body. Before the signature
    /// holds, only cheap, stateless checks run on the headers (ranges, freshness); nothing
    /// touches shared state or calls a hook with values a stranger chose.
    private func process(route: SynapseRoute, header: SynapseCommon, request: Request, started: ContinuousClock.Instant)
        async throws(AxonError) -> SynapseRoute.Reply
    {
        let signed = try authenticate(header)
        let (blocked, reason) = await route.blacklist(header)
        if blocked { throw .blacklisted(reason) }
        // Recorded only now: a blacklisted caller adds nothing to the nonce memory.
        do {
            try await currentNonces.admit(signed, now: WallClock.nanoseconds())
        } catch {
            switch error {
            case let .rejected(rejection): throw .notVerified(rejection.description)
            case .full: throw AxonError(status: 503, message: "Too many dendrites are remembered; try again later")
            case let .storage(detail):
                logger.error("axon: the nonce memory cannot be written: \(LogText.escaped(detail))")
                throw .internalError()
            }
        }
        let priority = await route.priority(header)
        let timeout = max(0.001, signed.timeout)
        let binding = HTTPField.Name(BodyBinding.headerName).flatMap { request.headers[$0] }
        do {
            // The caller gives up at `timeout`; a short grace lets it see its own timeout, as
            // with a Python axon (which never cuts handlers off), while this axon still frees
            // the handler's slot soon after.
            return try await withDeadline(seconds: timeout + Self.deadlineGrace, executorPreference: executor) { [self] in
                guard await self.gate.enter(priority: priority) else { throw AxonError.timeout(timeout) }
                do {
                    let body = try await self.collect(request)
                    let reply = try await route.answer(header, signed, binding, body, started)
                    self.gate.leave()
                    return reply
                } catch {
                    self.gate.leave()
                    throw error
                }
            }
        } catch let error as AxonError {
            throw error
        } catch is DeadlineExceeded {
            throw .timeout(timeout)
        } catch SynapseRouteFailure.unprocessable(let detail) {
            throw AxonError(status: 422, message: LogText.escaped(detail, maximumLength: 1_000))
        } catch SynapseRouteFailure.bodyHashMismatch {
            throw .bodyHashMismatch(hashedFields: route.hashedFields)
        } catch SynapseRouteFailure.bodyBindingMismatch {
            throw .bodyBindingMismatch(boundFields: route.boundFields)
        } catch {
            logger.info("axon: \(route.name): \(LogText.escaped(String(describing: error), maximumLength: 1_000))")
            throw .internalError()
        }
    }

    /// The v9/v10 `default_verify`, made strict: the headers checked into range, the nonce
    /// fresh (stateless), then the signature over the message with this axon's own hotkey —
    /// the first costly step. A missing signature is refused (v10 lets it through; Python
    /// dendrites always sign). The nonce memory is consulted later, once the caller is known.
    private func authenticate(_ header: SynapseCommon) throws(AxonError) -> SignedRequest {
        let signed: SignedRequest
        do {
            signed = try SignedRequest.check(header)
        } catch {
            switch error {
            case let .header(problem): throw .badHeader(problem)
            case let .nonce(rejection): throw .notVerified(rejection.description)
            }
        }
        do {
            try NonceGuard.checkFresh(nonce: signed.nonce, timeout: signed.timeout, now: WallClock.nanoseconds())
        } catch {
            throw .notVerified(error.description)
        }
        guard signed.verifies(axonHotkey: keypair.ss58Address) else {
            let sent = header.dendrite?.signature.map { LogText.escaped($0) } ?? "None"
            throw .notVerified("Signature mismatch with \(signed.message(axonHotkey: keypair.ss58Address).message) and \(sent)")
        }
        return signed
    }

    private var currentNonces: NonceRegistry { nonces.withLock { $0 } }

    private func collect(_ request: Request) async throws -> [UInt8] {
        var request = request
        do {
            let buffer = try await request.collectBody(upTo: configuration.maximumBodyBytes)
            return Array(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw AxonError.bodyTooLarge(configuration.maximumBodyBytes)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw AxonError.bodyTooLarge(configuration.maximumBodyBytes)
        }
    }

    /// The axon fields Python's `preprocess` sets, and the peer's address as the dendrite's.
    private func stamp(_ header: inout SynapseCommon, peer: SocketAddress?) {
        var axon = header.axon ?? TerminalInfo()
        axon.version = configuration.version
        axon.uuid = uuid
        axon.nonce = WallClock.nanoseconds()
        axon.statusCode = 100
        header.axon = axon
        var dendrite = header.dendrite ?? TerminalInfo()
        dendrite.ip = peer?.ipAddress
        dendrite.port = peer?.port
        header.dendrite = dendrite
    }

    private func errorReply(_ error: AxonError, header: SynapseCommon, started: ContinuousClock.Instant) -> SynapseRoute.Reply {
        if error.status == 422 {
            // FastAPI's validation answer: no bittensor headers, a `detail` list.
            let body = try? JSONSerialization.data(withJSONObject: ["detail": [["msg": error.message]]])
            return .init(status: 422, headers: [], body: Array(body ?? Data()))
        }
        var synapse = ErrorSynapse()
        synapse.common = header
        var axon = header.axon ?? TerminalInfo()
        axon.statusCode = error.status
        axon.statusMessage = error.message
        axon.processTime = (ContinuousClock.now - started).seconds
        synapse.common.axon = axon
        let body = try? JSONSerialization.data(withJSONObject: ["message": error.message])
        return .init(status: error.status, headers: SynapseHeaders.make(for: synapse), body: Array(body ?? Data()))
    }
}

/// The bare `Synapse` Python answers errors with: no fields of its own, no hashed fields.
struct ErrorSynapse: Synapse {
    static let name = "Synapse"
    var common = SynapseCommon(name: "Synapse")
    init() {}
    init(from decoder: any Decoder) throws { common = try SynapseCommon(from: decoder) }
    func encode(to encoder: any Encoder) throws { try common.encode(to: encoder) }
}
