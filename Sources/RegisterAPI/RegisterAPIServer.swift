import BittensorNetwork
import ComputeProtocol
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import HummingbirdWebSocket
import Logging
import NIOCore
import ServiceLifecycle
import ServiceMetrics
import Subtensor
import Synchronization

/// The Register API: the reference's routes and envelope, behind API keys, on Hummingbird.
/// Routes read like a table of contents in ``routes(into:)``.
public struct RegisterAPIServer: Sendable {
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        public var netuid: Int
        public var metagraphRefresh: Duration
        /// Between the WebSocket's keep-alive messages (the reference: 30 s).
        public var keepAlive: Duration
        /// Who may call; empty allows everyone.
        public var allowList: IPAllowList
        /// HTTPS (and mutual TLS with a client CA); plain HTTP when nil.
        public var tls: TLSSettings?
        /// Requests per second each API key may send on average (0: no limit), and how many at once.
        public var rateLimit: Double
        public var rateBurst: Double
        /// Seconds after which an allocation still pending was left by a dead instance (a
        /// request takes at most 100 s with its miner); the chaos runs shorten it.
        public var pendingAllocationAge: Double

        public init(
            host: String = "127.0.0.1", port: Int = 8903, netuid: Int = 27, metagraphRefresh: Duration = .seconds(30),
            keepAlive: Duration = .seconds(30), allowList: IPAllowList = IPAllowList(), tls: TLSSettings? = nil,
            rateLimit: Double = 20, rateBurst: Double = 40, pendingAllocationAge: Double = 1_000
        ) {
            self.pendingAllocationAge = pendingAllocationAge
            self.rateLimit = rateLimit
            self.rateBurst = rateBurst
            self.allowList = allowList
            self.tls = tls
            self.host = host
            self.port = port
            self.netuid = netuid
            self.metagraphRefresh = metagraphRefresh
            self.keepAlive = keepAlive
        }
    }

    public let configuration: Configuration
    public let rentals: RentalService
    public let chain: any SubnetChain
    /// Health checks, webhooks and the miners' specs; one instance runs them.
    public let health: HealthMonitor?
    /// Which instance runs ``health``: the holder of the store's leader lock.
    public let election: LeaderElection
    private let gate: IdempotencyGate
    private let limiter: KeyRateLimiter?
    private let metrics: APIMetrics
    private let logger: Logger

    public init(
        configuration: Configuration, rentals: RentalService, chain: any SubnetChain, health: HealthMonitor? = nil,
        logger: Logger = Logger(label: "api")
    ) {
        self.configuration = configuration
        self.rentals = rentals
        self.chain = chain
        self.health = health
        self.election = LeaderElection(lock: rentals.store.leaderLock(), logger: logger)
        self.metrics = APIMetrics(election: election, store: rentals.store)
        self.gate = IdempotencyGate(store: rentals.store)
        self.limiter =
            configuration.rateLimit > 0 ? KeyRateLimiter(rate: configuration.rateLimit, burst: max(1, configuration.rateBurst)) : nil
        self.logger = logger
    }

    /// Serves until cancelled; `onListening` gets the bound port.
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        rentals.directory.replace(with: try await chain.metagraph(netuid: configuration.netuid))
        let router = Router(context: APIRequestContext.self)
        if !configuration.allowList.isEmpty { router.add(middleware: IPAllowListMiddleware(allowList: configuration.allowList)) }
        routes(into: router)
        let socket = ConnectSocket(store: rentals.store, events: rentals.events, keepAlive: configuration.keepAlive)
        let allowList = configuration.allowList
        let http: HTTPServerBuilder = .http1WebSocketUpgrade { request, channel, _ in
            guard allowList.allows(channel.remoteAddress) else { return .dontUpgrade }
            return await socket.shouldUpgrade(request)
        }
        let application = Application(
            router: router,
            server: try configuration.tls.map { try .tls(http, tlsConfiguration: $0.serverConfiguration()) } ?? http,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) }, logger: logger)
        let services = ServiceGroup(configuration: .init(services: [application], logger: logger))
        let server = Task { try await services.run() }
        try await withTaskCancellationHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await server.value }
                group.addTask { await refreshMetagraph() }
                if let relay = rentals.store.eventRelay() {
                    rentals.events.relay(through: relay)
                    group.addTask { [events = rentals.events] in await relay.listen { events.deliver($0) } }
                }
                if let health {
                    group.addTask { await election.run { await leaderDuties(health) } }
                }
                try await group.next()
                group.cancelAll()
            }
        } onCancel: {
            Task { await services.triggerGracefulShutdown() }
        }
    }

    // MARK: - Routes

    func routes(into router: Router<APIRequestContext>) {
        let service = ServiceRoutes(rentals: rentals, gate: gate, outbox: health?.outbox)
        let lists = ListRoutes(rentals: rentals)
        let runs = RunListRoutes(rentals: rentals, netuid: configuration.netuid)
        let dashboard = MinerListRoutes(rentals: rentals, chain: chain, netuid: configuration.netuid)
        router.get("/") { _, _ in
            APIResponse.json(
                .object([("message", .string("Welcome to Compute Subnet Allocation API, Please access the API via endpoint."))])
            ).response
        }
        router.get("/openapi.json") { _, _ in APIResponse.json(OpenAPIDocument.document).response }
        router.get("/docs") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: DocsPage.html))
            )
        }
        router.get("/dashboard") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: DashboardPage.html)))
        }
        router.get("/connect") { _, _ in
            APIResponse.failure(
                APIFailure(
                    401, "Unauthorized",
                    "/connect is a WebSocket: upgrade with an API key (Authorization: Bearer, or the subprotocols nicompute.v1 and nicompute.key.<key>)"
                )
            ).response
        }
        // For load balancers: 200 while this instance can reach its database, 503 otherwise.
        router.get("/health") { [store = rentals.store] _, _ in
            do {
                _ = try await store.pendingWebhooks()
                return APIResponse.json(.object([("status", .string("ok"))])).response
            } catch {
                return APIResponse.failure(APIFailure(503, "Unavailable", "the database does not answer")).response
            }
        }
        router.get("/metrics") { [registry = metrics.registry] _, _ in
            Response(
                status: .ok, headers: [.contentType: ServiceMetrics.contentType],
                body: .init(byteBuffer: ByteBuffer(string: await registry.exposition())))
        }
        authenticated(router, "/service/allocate_spec", idempotent: true, service.allocateSpec)
        authenticated(router, "/service/allocate_hotkey", idempotent: true, service.allocateHotkey)
        authenticated(router, "/service/deallocate", service.deallocate)
        authenticated(router, "/service/check_miner_status", service.checkStatus)
        authenticated(router, "/service/restart_docker") { (api, key) throws(APIFailure) in
            try await service.act(api, key, action: .restart)
        }
        authenticated(router, "/service/pause_docker") { (api, key) throws(APIFailure) in try await service.act(api, key, action: .pause) }
        authenticated(router, "/service/unpause_docker") { (api, key) throws(APIFailure) in
            try await service.act(api, key, action: .unpause)
        }
        authenticated(router, "/service/exchange_docker_key") { (api, key) throws(APIFailure) in
            try await service.act(api, key, action: .exchangeKey)
        }
        authenticated(router, "/list/allocations_sql", lists.allocations)
        authenticated(router, "/list/resources_sql", lists.resources)
        authenticated(router, "/list/count_all_gpus", lists.countAllGPUs)
        authenticated(router, "/list/count_all_by_model", lists.countByModel)
        authenticated(router, "/list/resources_wandb", lists.resourcesWandb)
        authenticated(router, "/list/all_runs", runs.allRuns)
        authenticated(router, "/list/specs", runs.specs)
        authenticated(router, "/list/run_by_name", runs.runByName)
        authenticated(router, "/list/available", runs.available)
        authenticated(router, "/list/allocated_hotkeys", runs.allocatedHotkeys)
        authenticated(router, "/list/miners", dashboard.miners)
        authenticated(router, "/list/pog_history", dashboard.pogHistory)
        authenticated(router, "/test/notify", service.testNotify)
    }

    /// A POST route that needs an API key; with `idempotent`, an `Idempotency-Key` header makes
    /// retries return the first answer. In this order: the key (from the headers alone), the
    /// key's rate, then the body is read and parsed: nothing an unknown caller sends is parsed.
    private func authenticated(
        _ router: Router<APIRequestContext>, _ path: String, idempotent: Bool = false,
        _ handler: @escaping @Sendable (APIRequest, APIKey) async throws(APIFailure) -> APIAnswer
    ) {
        router.post(RouterPath(path)) { [rentals, gate, limiter, metrics] request, _ -> Response in
            var answer: APIAnswer
            var retryAfter: Double?
            do {
                guard let text = APIRequest.apiKey(in: request), let key = try? await rentals.store.authenticate(text) else {
                    throw APIFailure(
                        401, "Unauthorized", "send an API key: Authorization: Bearer nic_… (made with `nicompute api keys create`)")
                }
                if let wait = limiter?.take(keyID: key.id) {
                    retryAfter = wait
                    throw APIFailure(
                        429, "Too many requests",
                        "this API key may send \(limiter?.rate ?? 0) requests per second; retry after \(Int(wait.rounded(.up))) s")
                }
                let api = try await APIRequest.read(request)
                if idempotent, let name = HTTPField.Name("Idempotency-Key"), let idempotencyKey = request.headers[name],
                    !idempotencyKey.isEmpty
                {
                    guard idempotencyKey.count <= 200 else { throw APIFailure.validation("Idempotency-Key", "at most 200 characters") }
                    answer = await gate.run(keyID: key.id, idempotencyKey: idempotencyKey) {
                        do throws(APIFailure) { return try await handler(api, key) } catch { return APIResponse.failure(error) }
                    }
                } else {
                    answer = try await handler(api, key)
                }
            } catch let failure as APIFailure {
                answer = APIResponse.failure(failure)
            } catch {
                answer = APIResponse.failure(.internalError(error, while: "serving \(request.uri.path)"))
            }
            metrics.record(route: path, status: answer.status)
            var response = answer.response(to: request)
            if let retryAfter { response.headers[.retryAfter] = "\(Int(retryAfter.rounded(.up)))" }
            return response
        }
    }

    /// What only the elected instance does, until it stops being the leader: the health
    /// monitor (with the webhook outbox), the refresh of every miner's `Specs`, and forgetting
    /// idempotency answers older than a day (clients retry within minutes; kept forever they
    /// grow with every request).
    private func leaderDuties(_ health: HealthMonitor) async {
        await withDiscardingTaskGroup { duties in
            duties.addTask { await health.run() }
            duties.addTask { [rentals, configuration] in
                // Looked at twice per age, at most every minute.
                let interval = min(60, max(1, configuration.pendingAllocationAge / 2))
                while !Task.isCancelled {
                    await rentals.settleStaleAllocations(olderThan: configuration.pendingAllocationAge)
                    try? await Task.sleep(for: .seconds(interval))
                }
            }
            duties.addTask { [rentals, logger] in
                while !Task.isCancelled {
                    do {
                        let forgotten = try await rentals.store.pruneIdempotency(
                            before: Date().timeIntervalSince1970 - Self.idempotencyRetention)
                        if forgotten > 0 { logger.info("api: forgot \(forgotten) idempotency answers older than a day") }
                    } catch {
                        logger.warning("api: cannot prune idempotency answers: \(error)")
                    }
                    try? await Task.sleep(for: .seconds(3_600))
                }
            }
            duties.addTask { [rentals] in await rentals.hardware.run { await rentals.directory.candidates(gpuType: "").map(\.target) } }
        }
    }

    /// How long an `Idempotency-Key`'s answer is kept, in seconds.
    static let idempotencyRetention = 86_400.0

    private func refreshMetagraph() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: configuration.metagraphRefresh)
            do { rentals.directory.replace(with: try await chain.metagraph(netuid: configuration.netuid)) } catch {
                logger.warning("api: metagraph refresh failed: \(error)")
            }
        }
    }
}
