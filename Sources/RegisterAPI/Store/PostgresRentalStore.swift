import Foundation
import Logging
import PostgresNIO

/// The Register API's store in PostgreSQL, for several instances behind a load balancer:
/// every instance reads and writes the same rentals, keys, idempotency claims and outbox, and
/// a session advisory lock (``PostgresLeaderLock``) elects the one that runs the health monitor.
public final class PostgresRentalStore: RentalStore {
    public let address: PostgresAddress
    private let client: PostgresClient
    private let sealer: CredentialSealer
    private let logger: Logger

    /// Serialises schema creation when instances start together.
    static let migrationLockID: Int64 = 0x6E69_6301
    /// The advisory lock of the leader.
    static let leaderLockID: Int64 = 0x6E69_6302

    /// Every instance sharing the database needs the same `sealer` key (`--db.secret-file`).
    public init(address: PostgresAddress, sealer: CredentialSealer, logger: Logger) throws {
        self.address = address
        self.sealer = sealer
        self.client = PostgresClient(configuration: try address.clientConfiguration(), backgroundLogger: logger)
        self.logger = logger
    }

    /// One connection, tried before the pool starts: the pool retries for a minute before it
    /// gives up with a generic error; a wrong password or a missing database should be named
    /// at once.
    func probe(timeout: Duration = .seconds(10)) async throws {
        let where_ = "PostgreSQL \(address.username)@\(address.socketDirectory ?? "\(address.host):\(address.port)")/\(address.database)"
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { [address, logger] in
                    let connection = try await address.connect(id: 0, logger: logger)
                    try await connection.close()
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    throw DatabaseURLError("\(where_): no answer in \(timeout)")
                }
                defer { group.cancelAll() }
                try await group.next()
            }
        } catch let error as PSQLError {
            let reason = error.serverInfo?[.message] ?? error.underlying.map { "\($0)" } ?? "\(error.code)"
            throw DatabaseURLError("\(where_): \(reason)")
        }
    }

    /// The connection pool; queries wait for it, so it runs for as long as the store is used.
    func runPool() async { await client.run() }

    /// Creates the tables when they are missing, once, whichever instance comes first.
    func migrate() async throws {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.migrationLockID))", logger: logger)
            let statements: [PostgresQuery] = [
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
                """
                CREATE TABLE IF NOT EXISTS api_keys (
                    id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL, digest TEXT NOT NULL UNIQUE, admin BOOLEAN NOT NULL,
                    created_at DOUBLE PRECISION NOT NULL, revoked_at DOUBLE PRECISION)
                """,
                """
                CREATE TABLE IF NOT EXISTS rentals (
                    uuid TEXT PRIMARY KEY, owner_key_id BIGINT NOT NULL REFERENCES api_keys (id), hotkey TEXT NOT NULL UNIQUE,
                    ip TEXT NOT NULL, port BIGINT NOT NULL, username TEXT NOT NULL, password TEXT NOT NULL, regkey TEXT NOT NULL,
                    ssh_key TEXT NOT NULL, resource TEXT NOT NULL, miner_version BIGINT NOT NULL, created_at DOUBLE PRECISION NOT NULL,
                    online BOOLEAN NOT NULL DEFAULT TRUE, failed_checks BIGINT NOT NULL DEFAULT 0)
                """,
                // Schema 3: each rental's user ports (SN27 v2.2).
                "ALTER TABLE rentals ADD COLUMN IF NOT EXISTS user_ports TEXT NOT NULL DEFAULT ''",
                """
                CREATE TABLE IF NOT EXISTS idempotency (
                    key_id BIGINT NOT NULL, idempotency_key TEXT NOT NULL, status BIGINT, body TEXT, created_at DOUBLE PRECISION NOT NULL,
                    PRIMARY KEY (key_id, idempotency_key))
                """,
                """
                CREATE TABLE IF NOT EXISTS outbox (
                    id BIGSERIAL PRIMARY KEY, url TEXT NOT NULL, body TEXT NOT NULL, attempts BIGINT NOT NULL DEFAULT 0,
                    next_at DOUBLE PRECISION NOT NULL, created_at DOUBLE PRECISION NOT NULL, last_error TEXT)
                """,
                "CREATE TABLE IF NOT EXISTS miner_specs (hotkey TEXT PRIMARY KEY, specs TEXT NOT NULL, fetched_at DOUBLE PRECISION NOT NULL)",
                """
                CREATE TABLE IF NOT EXISTS pending_allocations (
                    uuid TEXT PRIMARY KEY, owner_key_id BIGINT NOT NULL, hotkey TEXT NOT NULL, regkey TEXT NOT NULL,
                    created_at DOUBLE PRECISION NOT NULL)
                """,
            ]
            for statement in statements { try await connection.query(statement, logger: logger) }
            var version: Int?
            for try await found in try await connection.query("SELECT version FROM schema_version", logger: logger).decode(Int.self) {
                version = found
            }
            switch version {
            case nil:
                try await connection.query(
                    "INSERT INTO schema_version (version) VALUES (\(SQLiteRentalStore.schemaVersion))", logger: logger)
            case let found? where found > SQLiteRentalStore.schemaVersion:
                throw DatabaseURLError(
                    "PostgreSQL database \(address.database): schema version \(found) is newer than this nicompute; upgrade nicompute")
            case let found? where found < SQLiteRentalStore.schemaVersion:
                // The statements above brought the tables up to date (each is idempotent).
                try await connection.query("UPDATE schema_version SET version = \(SQLiteRentalStore.schemaVersion)", logger: logger)
            default: break
            }
        }
    }

    // MARK: - API keys

    public func createKey(name: String, admin: Bool) async throws -> (key: String, record: APIKey) {
        let key = APIKey.generate()
        let digest = APIKey.digest(key), now = Date().timeIntervalSince1970
        let id = try await firstRow(
            "INSERT INTO api_keys (name, digest, admin, created_at) VALUES (\(name), \(digest), \(admin), \(now)) RETURNING id")?.decode(
                Int.self)
        return (key, APIKey(id: id ?? 0, name: name, admin: admin))
    }

    public func authenticate(_ key: String) async throws -> APIKey? {
        guard key.hasPrefix(APIKey.prefix) else { return nil }
        let digest = APIKey.digest(key)
        guard let row = try await firstRow("SELECT id, name, admin FROM api_keys WHERE digest = \(digest) AND revoked_at IS NULL") else {
            return nil
        }
        let (id, name, admin) = try row.decode((Int, String, Bool).self)
        return APIKey(id: id, name: name, admin: admin)
    }

    // MARK: - Rentals

    public func insert(_ rental: RentalRecord) async throws {
        try await client.query(
            """
            INSERT INTO rentals (\(unescaped: RentalRecord.columns))
            VALUES (\(rental.uuid), \(rental.ownerKeyID), \(rental.hotkey), \(rental.ip), \(rental.port), \(rental.username),
                    \(sealer.seal(rental.password)), \(rental.regkey), \(rental.sshKey), \(rental.resource), \(rental.minerVersion), \(rental.createdAt),
                    \(rental.storedUserPorts))
            """, logger: logger)
    }

    public func rental(hotkey: String) async throws -> RentalRecord? {
        try await records("SELECT \(unescaped: RentalRecord.columns) FROM rentals WHERE hotkey = \(hotkey)").first
    }

    public func rentals(visibleTo key: APIKey) async throws -> [RentalRecord] {
        key.admin
            ? try await allRentals()
            : try await records("SELECT \(unescaped: RentalRecord.columns) FROM rentals WHERE owner_key_id = \(key.id) ORDER BY created_at")
    }

    public func allRentals() async throws -> [RentalRecord] {
        try await records("SELECT \(unescaped: RentalRecord.columns) FROM rentals ORDER BY created_at")
    }

    public func delete(uuid: String) async throws {
        try await client.query("DELETE FROM rentals WHERE uuid = \(uuid)", logger: logger)
    }

    public func recordHealth(uuid: String, healthy: Bool) async throws -> (wasOnline: Bool, failures: Int)? {
        // One statement: the old state comes from a self-join on the row being updated.
        guard
            let row = try await firstRow(
                """
                UPDATE rentals AS now SET online = \(healthy), failed_checks = CASE WHEN \(healthy) THEN 0 ELSE before.failed_checks + 1 END
                FROM rentals AS before WHERE now.uuid = before.uuid AND now.uuid = \(uuid)
                RETURNING before.online, now.failed_checks
                """)
        else { return nil }
        let (wasOnline, failures) = try row.decode((Bool, Int).self)
        return (wasOnline, failures)
    }

    private func records(_ query: PostgresQuery) async throws -> [RentalRecord] {
        var found = [RentalRecord]()
        let rows = try await client.query(query, logger: logger)
        for try await row in rows.decode(
            (String, Int, String, String, Int, String, String, String, String, String, Int, Double, String).self)
        {
            found.append(
                RentalRecord(
                    uuid: row.0, ownerKeyID: row.1, hotkey: row.2, ip: row.3, port: row.4, username: row.5,
                    password: try sealer.unseal(row.6),
                    regkey: row.7, sshKey: row.8, resource: row.9, minerVersion: row.10, createdAt: row.11,
                    userPorts: RentalRecord.userPorts(stored: row.12)))
        }
        return found
    }

    // MARK: - Allocations in flight

    public func beginAllocation(_ pending: PendingAllocation) async throws {
        try await client.query(
            """
            INSERT INTO pending_allocations (uuid, owner_key_id, hotkey, regkey, created_at)
            VALUES (\(pending.uuid), \(pending.ownerKeyID), \(pending.hotkey), \(pending.regkey), \(pending.createdAt))
            """, logger: logger)
    }

    public func finishAllocation(_ rental: RentalRecord) async throws {
        let password = sealer.seal(rental.password)
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query(
                """
                INSERT INTO rentals (\(unescaped: RentalRecord.columns))
                VALUES (\(rental.uuid), \(rental.ownerKeyID), \(rental.hotkey), \(rental.ip), \(rental.port), \(rental.username),
                        \(password), \(rental.regkey), \(rental.sshKey), \(rental.resource), \(rental.minerVersion), \(rental.createdAt),
                        \(rental.storedUserPorts))
                """, logger: logger)
            try await connection.query("DELETE FROM pending_allocations WHERE uuid = \(rental.uuid)", logger: logger)
        }
    }

    public func abandonAllocation(uuid: String) async throws {
        try await client.query("DELETE FROM pending_allocations WHERE uuid = \(uuid)", logger: logger)
    }

    public func staleAllocations(before: Double) async throws -> [PendingAllocation] {
        var found = [PendingAllocation]()
        let rows = try await client.query(
            """
            SELECT uuid, owner_key_id, hotkey, regkey, created_at FROM pending_allocations WHERE created_at < \(before) ORDER BY created_at
            """, logger: logger)
        for try await row in rows.decode((String, Int, String, String, Double).self) {
            found.append(PendingAllocation(uuid: row.0, ownerKeyID: row.1, hotkey: row.2, regkey: row.3, createdAt: row.4))
        }
        return found
    }

    // MARK: - Idempotency

    public func claimIdempotency(keyID: Int, idempotencyKey: String, now: Double, staleAfter: Double) async throws -> IdempotencyClaim {
        // Insert a claim, or take over one left by a dead instance; either way RETURNING says we hold it.
        let claimed = try await firstRow(
            """
            INSERT INTO idempotency (key_id, idempotency_key, status, body, created_at) VALUES (\(keyID), \(idempotencyKey), NULL, NULL, \(now))
            ON CONFLICT (key_id, idempotency_key) DO UPDATE SET created_at = EXCLUDED.created_at
              WHERE idempotency.status IS NULL AND idempotency.created_at < \(now - staleAfter)
            RETURNING 1
            """)
        if claimed != nil { return .claimed }
        let row = try await firstRow(
            "SELECT status, body FROM idempotency WHERE key_id = \(keyID) AND idempotency_key = \(idempotencyKey)")?
            .decode((Int?, String?).self)
        if let row, let status = row.0, let body = row.1 { return .answered(status: status, body: Array(body.utf8)) }
        return .inProgress
    }

    public func rememberAnswer(keyID: Int, idempotencyKey: String, status: Int, body: [UInt8]) async throws {
        let text = String(decoding: body, as: UTF8.self), now = Date().timeIntervalSince1970
        try await client.query(
            """
            INSERT INTO idempotency (key_id, idempotency_key, status, body, created_at) VALUES (\(keyID), \(idempotencyKey), \(status), \(text), \(now))
            ON CONFLICT (key_id, idempotency_key) DO UPDATE SET status = EXCLUDED.status, body = EXCLUDED.body, created_at = EXCLUDED.created_at
            """, logger: logger)
    }

    public func pruneIdempotency(before: Double) async throws -> Int {
        var count = 0
        for try await _ in try await client.query("DELETE FROM idempotency WHERE created_at < \(before) RETURNING 1", logger: logger) {
            count += 1
        }
        return count
    }

    // MARK: - Webhook outbox

    public func enqueueWebhook(url: String, body: String, now: Double) async throws {
        try await client.query(
            "INSERT INTO outbox (url, body, next_at, created_at) VALUES (\(url), \(body), \(now), \(now))", logger: logger)
    }

    public func leaseDueWebhooks(now: Double, until: Double, limit: Int) async throws -> [QueuedWebhook] {
        var found = [QueuedWebhook]()
        // SKIP LOCKED: an instance leasing at the same moment takes other rows, never these.
        let rows = try await client.query(
            """
            UPDATE outbox SET next_at = \(until) WHERE id IN (
                SELECT id FROM outbox WHERE next_at <= \(now) ORDER BY id LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            RETURNING id, url, body, attempts, created_at
            """, logger: logger)
        for try await row in rows.decode((Int, String, String, Int, Double).self) {
            found.append(QueuedWebhook(id: row.0, url: row.1, body: row.2, attempts: row.3, createdAt: row.4))
        }
        return found.sorted { $0.id < $1.id }
    }

    public func deleteWebhook(id: Int) async throws {
        try await client.query("DELETE FROM outbox WHERE id = \(id)", logger: logger)
    }

    public func rescheduleWebhook(id: Int, nextAt: Double, error: String) async throws {
        try await client.query(
            "UPDATE outbox SET attempts = attempts + 1, next_at = \(nextAt), last_error = \(error) WHERE id = \(id)", logger: logger)
    }

    public func pendingWebhooks() async throws -> Int { try await firstRow("SELECT COUNT(*) FROM outbox")?.decode(Int.self) ?? 0 }

    // MARK: - Miner specs

    public func saveSpecs(hotkey: String, specs: String, at: Double) async throws {
        try await client.query(
            """
            INSERT INTO miner_specs (hotkey, specs, fetched_at) VALUES (\(hotkey), \(specs), \(at))
            ON CONFLICT (hotkey) DO UPDATE SET specs = EXCLUDED.specs, fetched_at = EXCLUDED.fetched_at
            """, logger: logger)
    }

    public func allSpecs() async throws -> [String: String] {
        var found = [String: String]()
        for try await (hotkey, specs) in try await client.query("SELECT hotkey, specs FROM miner_specs", logger: logger).decode(
            (String, String).self)
        {
            found[hotkey] = specs
        }
        return found
    }

    // MARK: - Leadership

    public func leaderLock() -> any LeaderLock { PostgresLeaderLock(address: address, lockID: Self.leaderLockID, logger: logger) }

    public func eventRelay() -> (any RentalEventRelay)? { PostgresEventRelay(address: address, client: client, logger: logger) }

    /// The first row of `query`; the rest are drained.
    private func firstRow(_ query: PostgresQuery) async throws -> PostgresRow? {
        var first: PostgresRow?
        for try await row in try await client.query(query, logger: logger) where first == nil { first = row }
        return first
    }
}
