import ArgumentParser
import BittensorCrypto
import BittensorNetwork
import ComputeProtocol
import Foundation
import HostPaths
import RegisterAPI
import Subtensor
import Validator

/// `nicompute api`: the Register API renters and the NI platform talk to.
struct APICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api",
        abstract: "Run the Register API: rent miners over REST with API keys.",
        discussion: """
            The reference's routes and response envelope (/service/allocate_spec, /service/deallocate, \
            /list/allocations_sql, …), behind API keys: make one with `nicompute api keys create`, send it \
            as `Authorization: Bearer nic_…`. Each rental belongs to the key that made it. Miners are \
            chosen from the devices the validator verified (--validator.store).

              nicompute api keys create --name alice
              nicompute api --wallet.name validator --validator.store ~/.nicompute/validator/validator/default/validator.sqlite
              curl -X POST -H "Authorization: Bearer nic_…" http://127.0.0.1:8903/service/allocate_spec \\
                   -d '{"requirements": {"gpu_type": "", "gpu_size": 0, "timeline": 1}}'
            """,
        subcommands: [Serve.self, KeysCommand.self],
        defaultSubcommand: Serve.self
    )

    /// Where the API keeps its keys, rentals, idempotency answers and webhook outbox.
    struct StoreOptions: ParsableArguments {
        @Option(
            name: .customLong("db.url"),
            help: ArgumentHelp(
                "The API's database: a SQLite file, or postgres://user:password@host:5432/database for several instances on one database.",
                discussion:
                    "Default: $NICOMPUTE_DB_URL, else ~/.nicompute/api/api.sqlite. PostgreSQL takes ?sslmode=require and ?host=/socket/dir."
            ))
        var url: String?

        @Option(
            name: .customLong("db.path"),
            help: ArgumentHelp("The API's SQLite file (the same as --db.url with a path).", visibility: .hidden))
        var path: String?

        @Option(
            name: .customLong("db.secret-file"),
            help: ArgumentHelp(
                "The key that seals the rentals' SSH passwords in the database (made, mode 0600, when missing).",
                discussion:
                    "Default: beside a SQLite file (api.sqlite.secret); for PostgreSQL ~/.nicompute/api/secret.key. Every instance on one PostgreSQL database needs a copy of the same file."
            ))
        var secretFile: String?

        /// Opens the store (with its credential key) for `body`.
        func withStore<T: Sendable>(_ body: @escaping @Sendable (any RentalStore) async throws -> T) async throws -> T {
            try await location.withStore(secretFile: secretFile.map(HomeDirectory.expandingTilde(in:)), body)
        }

        var location: DatabaseLocation {
            get throws {
                let text =
                    url ?? path ?? ProcessInfo.processInfo.environment["NICOMPUTE_DB_URL"] ?? HomeDirectory.nicompute("api/api.sqlite")
                do { return try DatabaseLocation(url: text) } catch { throw ValidationError(error.description) }
            }
        }

        func validate() throws {
            guard url == nil || path == nil else { throw ValidationError("--db.url and --db.path: give one") }
            _ = try location
        }
    }

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve the API (the default).")

        @OptionGroup var wallet: WalletOptions
        @OptionGroup var chain: ChainOptions
        @OptionGroup var store: StoreOptions

        @Option(name: .customLong("api.port"), help: "The API's port.")
        var port = 8903

        @Option(name: .customLong("api.ip"), help: "The address the API binds (0.0.0.0 to serve the network).")
        var host = "127.0.0.1"

        @Option(name: .customLong("validator.store"), help: "The validator's store, whose verified devices choose miners.")
        var validatorStore: String?

        @Option(name: .customLong("webhooks.deallocation-url"), help: "Where DEALLOCATION webhooks go (default $DEALLOCATION_NOTIFY_URL).")
        var deallocationURLFlag: String?

        @Option(name: .customLong("webhooks.status-url"), help: "Where ONLINE/OFFLINE webhooks go (default $STATUS_NOTIFY_URL).")
        var statusURLFlag: String?

        @Option(name: .customLong("webhooks.secret"), help: "The HMAC-SHA256 key of x-webhook-signature (default $WEBHOOKS_SECRET).")
        var secretFlag: String?

        var deallocationURL: String? { deallocationURLFlag ?? ProcessInfo.processInfo.environment["DEALLOCATION_NOTIFY_URL"] }
        var statusURL: String? { statusURLFlag ?? ProcessInfo.processInfo.environment["STATUS_NOTIFY_URL"] }
        var secret: String? { secretFlag ?? ProcessInfo.processInfo.environment["WEBHOOKS_SECRET"] }

        @Option(
            name: .customLong("webhooks.first-retry"),
            help: ArgumentHelp("Seconds before a failed webhook is first retried (then doubling).", visibility: .hidden))
        var firstRetry = 15.0

        @Option(name: .customLong("api.health-interval"), help: "Seconds between health checks of every rental.")
        var healthInterval = 180.0

        @Option(name: .customLong("api.health-threshold"), help: "Consecutive failed checks after which a rental is released.")
        var healthThreshold = 20

        @Option(
            name: .customLong("api.allow-ip"), help: "Comma-separated addresses or IPv4 CIDR blocks that may call the API (default: all).")
        var allowIP = ""

        @Option(name: .customLong("tls.cert"), help: "Serve HTTPS with this PEM certificate (chain); needs --tls.key.")
        var tlsCertificate: String?

        @Option(name: .customLong("tls.key"), help: "The PEM private key of --tls.cert.")
        var tlsKey: String?

        @Option(
            name: .customLong("tls.client-ca"),
            help: ArgumentHelp(
                "Require client certificates signed by this PEM CA (mutual TLS, as the reference).",
                discussion: "scripts/make-certs.sh makes a CA, a server and a client certificate."))
        var tlsClientCA: String?

        var tls: TLSSettings? {
            guard let tlsCertificate, let tlsKey else { return nil }
            return TLSSettings(certificatePath: tlsCertificate, keyPath: tlsKey, clientCAPath: tlsClientCA)
        }

        @Option(
            name: .customLong("api.keepalive"), help: ArgumentHelp("Seconds between WebSocket keep-alive messages.", visibility: .hidden))
        var keepAlive = 30.0

        @Option(
            name: .customLong("api.rate-limit"),
            help: ArgumentHelp(
                "Requests per second each API key may send on average, per instance (0: no limit).",
                discussion: "Past it a key gets 429 with Retry-After; --api.rate-burst requests may come at once."))
        var rateLimit = 20.0

        @Option(name: .customLong("api.rate-burst"), help: "Requests an API key may send at once before --api.rate-limit applies.")
        var rateBurst = 40.0

        @Option(
            name: .customLong("api.pending-age"),
            help: ArgumentHelp(
                "Seconds after which an allocation left pending (its instance died mid-request) is released on its miner.",
                visibility: .hidden))
        var pendingAge = 1_000.0

        func validate() throws {
            guard (1...65_535).contains(port) else { throw ValidationError("--api.port: must be 1…65535") }
            do { _ = try IPAllowList(Console.list(allowIP)) } catch { throw ValidationError("--api.allow-ip: \(error.detail)") }
            guard (tlsCertificate == nil) == (tlsKey == nil) else {
                throw ValidationError("--tls.cert and --tls.key: give both or neither")
            }
            guard tlsClientCA == nil || tlsCertificate != nil else {
                throw ValidationError("--tls.client-ca: needs --tls.cert and --tls.key (mutual TLS is HTTPS)")
            }
            if let tls { do { _ = try tls.serverConfiguration() } catch { throw ValidationError(error.description) } }
            guard pendingAge >= 1, pendingAge <= 1e7 else { throw ValidationError("--api.pending-age: 1…10000000 seconds") }
            guard rateLimit >= 0, rateLimit <= 1e6, rateBurst >= 1, rateBurst <= 1e6 else {
                throw ValidationError("--api.rate-limit and --api.rate-burst: 0…1000000 requests per second, and a burst of 1…1000000")
            }
            guard healthInterval > 0, healthThreshold >= 1, keepAlive > 0 else {
                throw ValidationError("--api.health-interval and --api.health-threshold: must be positive")
            }
            if (deallocationURL ?? "").isEmpty == false || (statusURL ?? "").isEmpty == false {
                guard let secret, !secret.isEmpty else {
                    throw ValidationError(
                        "--webhooks.secret (or WEBHOOKS_SECRET): required when a webhook URL is set, to sign x-webhook-signature")
                }
            }
        }

        func run() async throws {
            let wallet = try wallet.wallet()
            let hotkey = try wallet.hotkeyFile.keypair(password: PasswordPrompt.existing(for: wallet.hotkeyFile))
            let verified = validatorStore.map(ValidatorResults.init(path:))
            let dendrite = Dendrite(keypair: hotkey)
            let configuration = RegisterAPIServer.Configuration(
                host: host, port: port, netuid: chain.netuid, keepAlive: .seconds(keepAlive),
                allowList: try IPAllowList(Console.list(allowIP)), tls: tls,
                rateLimit: rateLimit, rateBurst: rateBurst, pendingAllocationAge: pendingAge)
            let webhooks = WebhookOutbox.Configuration(
                deallocationURL: deallocationURL, statusURL: statusURL, secret: secret ?? "",
                firstRetry: .seconds(firstRetry))
            let chain = try chain.subnetChain(signer: hotkey)
            let (interval, threshold, host, scheme) = (healthInterval, healthThreshold, host, tls == nil ? "" : " (HTTPS)")
            try await Console.runUntilSignal("api") {
                try await store.withStore { store in
                    let rentals = RentalService(store: store, directory: MinerDirectory(results: verified), dendrite: dendrite)
                    let health = HealthMonitor(
                        rentals: rentals, outbox: WebhookOutbox(store: store, configuration: webhooks),
                        interval: .seconds(interval), threshold: threshold)
                    let server = RegisterAPIServer(configuration: configuration, rentals: rentals, chain: chain, health: health)
                    try await server.run { port in Console.say("api: listening on \(host):\(port)\(scheme)") }
                }
            }
        }
    }

    struct KeysCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "keys", abstract: "Manage API keys.", subcommands: [Create.self])

        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "create", abstract: "Make an API key; it is printed once and only its hash is kept.")

            @OptionGroup var store: StoreOptions

            @Option(help: "Who the key is for.")
            var name: String

            @Flag(help: "An admin key sees and acts on every rental.")
            var admin = false

            func validate() throws {
                guard !name.trimmingCharacters(in: .whitespaces).isEmpty, name.count <= 100 else {
                    throw ValidationError("--name: must be 1…100 characters")
                }
            }

            func run() async throws {
                let (name, admin) = (name, admin)
                let (key, record) = try await store.withStore { store in try await store.createKey(name: name, admin: admin) }
                print(key)
                FileHandle.standardError.write(
                    Data("api key \(record.id) for \(name)\(admin ? " (admin)" : ""): keep it, it is not stored\n".utf8))
            }
        }
    }
}
