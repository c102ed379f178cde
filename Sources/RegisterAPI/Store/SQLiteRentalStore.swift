import Foundation
import SQLiteStore

/// The Register API's store in one SQLite file, the default. Several processes may open the
/// same file (SQLite's locks make each method atomic); the instance holding the file lock
/// beside it (``FileLeaderLock``) runs the health monitor.
public actor SQLiteRentalStore: RentalStore {
    private let database: SQLiteDatabase
    private let sealer: CredentialSealer
    public nonisolated let path: String

    /// The schema this code writes; older files are migrated forward in one transaction.
    static let schemaVersion = 3

    /// Opens (or makes) the file at `path`, readable by its owner only: it holds the rentals'
    /// regkeys and sealed passwords, and the API keys' hashes.
    public init(path: String, sealer: CredentialSealer) throws {
        try Self.restrictMode(path)
        let database = try SQLiteDatabase(path: path)
        try database.transaction {
            try database.execute(
                """
                CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS api_keys (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, digest TEXT NOT NULL UNIQUE,
                    admin INTEGER NOT NULL, created_at REAL NOT NULL, revoked_at REAL);
                CREATE TABLE IF NOT EXISTS rentals (
                    uuid TEXT PRIMARY KEY, owner_key_id INTEGER NOT NULL REFERENCES api_keys (id),
                    hotkey TEXT NOT NULL UNIQUE, ip TEXT NOT NULL, port INTEGER NOT NULL, username TEXT NOT NULL,
                    password TEXT NOT NULL, regkey TEXT NOT NULL, ssh_key TEXT NOT NULL, resource TEXT NOT NULL,
                    miner_version INTEGER NOT NULL, created_at REAL NOT NULL,
                    online INTEGER NOT NULL DEFAULT 1, failed_checks INTEGER NOT NULL DEFAULT 0,
                    user_ports TEXT NOT NULL DEFAULT '');
                CREATE TABLE IF NOT EXISTS outbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL, body TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
                    next_at REAL NOT NULL, created_at REAL NOT NULL, last_error TEXT);
                CREATE TABLE IF NOT EXISTS miner_specs (hotkey TEXT PRIMARY KEY, specs TEXT NOT NULL, fetched_at REAL NOT NULL);
                CREATE TABLE IF NOT EXISTS pending_allocations (
                    uuid TEXT PRIMARY KEY, owner_key_id INTEGER NOT NULL, hotkey TEXT NOT NULL, regkey TEXT NOT NULL, created_at REAL NOT NULL);
                """)
            let version = try database.query("SELECT version FROM schema_version").first?[0].int
            switch version {
            case nil:
                try database.execute(
                    """
                    CREATE TABLE IF NOT EXISTS idempotency (
                        key_id INTEGER NOT NULL, idempotency_key TEXT NOT NULL, status INTEGER, body TEXT, created_at REAL NOT NULL,
                        PRIMARY KEY (key_id, idempotency_key));
                    """)
                try database.query("INSERT INTO schema_version (version) VALUES (?)", [.integer(Self.schemaVersion)])
            case 1?:
                // Version 1 stored only finished answers; claims need an empty answer.
                try database.execute(
                    """
                    CREATE TABLE idempotency_v2 (
                        key_id INTEGER NOT NULL, idempotency_key TEXT NOT NULL, status INTEGER, body TEXT, created_at REAL NOT NULL,
                        PRIMARY KEY (key_id, idempotency_key));
                    INSERT INTO idempotency_v2 SELECT key_id, idempotency_key, status, body, created_at FROM idempotency;
                    DROP TABLE idempotency;
                    ALTER TABLE idempotency_v2 RENAME TO idempotency;
                    """)
                fallthrough
            case 2?:
                // Version 3 keeps each rental's user ports (SN27 v2.2).
                try database.execute(
                    """
                    ALTER TABLE rentals ADD COLUMN user_ports TEXT NOT NULL DEFAULT '';
                    UPDATE schema_version SET version = 3;
                    """)
            case Self.schemaVersion?:
                break
            case let other?:
                throw SQLiteError(
                    "\(path): schema version \(other) is newer than this nicompute (\(Self.schemaVersion)); upgrade nicompute")
            }
        }
        self.database = database
        self.sealer = sealer
        self.path = path
    }

    /// Makes `path` mode 0600, creating it empty when missing (SQLite's -wal and -shm files
    /// take the database file's mode).
    private static func restrictMode(_ path: String) throws {
        let descriptor = open(path, O_RDWR | O_CREAT, 0o600)
        guard descriptor >= 0 else { throw SQLiteError("\(path): cannot open (\(String(cString: strerror(errno))))") }
        defer { close(descriptor) }
        guard fchmod(descriptor, 0o600) == 0 else { throw SQLiteError("\(path): cannot make it private (chmod 600)") }
    }

    // MARK: - API keys

    public func createKey(name: String, admin: Bool) throws -> (key: String, record: APIKey) {
        let key = APIKey.generate()
        let row = try database.query(
            "INSERT INTO api_keys (name, digest, admin, created_at) VALUES (?, ?, ?, ?) RETURNING id",
            [.text(name), .text(APIKey.digest(key)), .integer(admin ? 1 : 0), .real(Date().timeIntervalSince1970)])
        return (key, APIKey(id: row.first?[0].int ?? 0, name: name, admin: admin))
    }

    public func authenticate(_ key: String) throws -> APIKey? {
        guard key.hasPrefix(APIKey.prefix) else { return nil }
        guard
            let row = try database.query(
                "SELECT id, name, admin FROM api_keys WHERE digest = ? AND revoked_at IS NULL",
                [.text(APIKey.digest(key))]
            ).first,
            let id = row[0].int, let name = row[1].string
        else { return nil }
        return APIKey(id: id, name: name, admin: row[2].int == 1)
    }

    // MARK: - Rentals

    public func insert(_ rental: RentalRecord) throws {
        try database.query(
            """
            INSERT INTO rentals (\(RentalRecord.columns))
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(rental.uuid), .integer(rental.ownerKeyID), .text(rental.hotkey), .text(rental.ip), .integer(rental.port),
                .text(rental.username), .text(sealer.seal(rental.password)), .text(rental.regkey), .text(rental.sshKey),
                .text(rental.resource),
                .integer(rental.minerVersion), .real(rental.createdAt), .text(rental.storedUserPorts),
            ])
    }

    public func rental(hotkey: String) throws -> RentalRecord? {
        try database.query("SELECT \(RentalRecord.columns) FROM rentals WHERE hotkey = ?", [.text(hotkey)]).first.flatMap(record)
    }

    public func rentals(visibleTo key: APIKey) throws -> [RentalRecord] {
        let rows =
            key.admin
            ? try database.query("SELECT \(RentalRecord.columns) FROM rentals ORDER BY created_at")
            : try database.query(
                "SELECT \(RentalRecord.columns) FROM rentals WHERE owner_key_id = ? ORDER BY created_at", [.integer(key.id)])
        return try rows.compactMap(record)
    }

    public func allRentals() throws -> [RentalRecord] {
        try database.query("SELECT \(RentalRecord.columns) FROM rentals ORDER BY created_at").compactMap(record)
    }

    public func delete(uuid: String) throws {
        try database.query("DELETE FROM rentals WHERE uuid = ?", [.text(uuid)])
    }

    public func recordHealth(uuid: String, healthy: Bool) throws -> (wasOnline: Bool, failures: Int)? {
        try database.transaction {
            guard let row = try database.query("SELECT online, failed_checks FROM rentals WHERE uuid = ?", [.text(uuid)]).first,
                let online = row[0].int, let failures = row[1].int
            else { return nil }
            let now = healthy ? 0 : failures + 1
            try database.query(
                "UPDATE rentals SET online = ?, failed_checks = ? WHERE uuid = ?", [.integer(healthy ? 1 : 0), .integer(now), .text(uuid)])
            return (online == 1, now)
        }
    }

    /// The rental in `row`; nil for a row this code cannot read, an error when its password
    /// does not open with this instance's key.
    private func record(_ row: [SQLiteDatabase.Value]) throws -> RentalRecord? {
        guard row.count == 13, let uuid = row[0].string, let owner = row[1].int, let hotkey = row[2].string, let ip = row[3].string,
            let port = row[4].int, let username = row[5].string, let password = row[6].string, let regkey = row[7].string,
            let sshKey = row[8].string, let resource = row[9].string, let version = row[10].int, let created = row[11].double,
            let userPorts = row[12].string
        else { return nil }
        return RentalRecord(
            uuid: uuid, ownerKeyID: owner, hotkey: hotkey, ip: ip, port: port, username: username,
            password: try sealer.unseal(password), regkey: regkey, sshKey: sshKey, resource: resource, minerVersion: version,
            createdAt: created,
            userPorts: RentalRecord.userPorts(stored: userPorts))
    }

    // MARK: - Allocations in flight

    public func beginAllocation(_ pending: PendingAllocation) throws {
        try database.query(
            "INSERT INTO pending_allocations (uuid, owner_key_id, hotkey, regkey, created_at) VALUES (?, ?, ?, ?, ?)",
            [.text(pending.uuid), .integer(pending.ownerKeyID), .text(pending.hotkey), .text(pending.regkey), .real(pending.createdAt)])
    }

    public func finishAllocation(_ rental: RentalRecord) throws {
        try database.transaction {
            try insert(rental)
            try database.query("DELETE FROM pending_allocations WHERE uuid = ?", [.text(rental.uuid)])
        }
    }

    public func abandonAllocation(uuid: String) throws {
        try database.query("DELETE FROM pending_allocations WHERE uuid = ?", [.text(uuid)])
    }

    public func staleAllocations(before: Double) throws -> [PendingAllocation] {
        try database.query(
            "SELECT uuid, owner_key_id, hotkey, regkey, created_at FROM pending_allocations WHERE created_at < ? ORDER BY created_at",
            [.real(before)]
        ).compactMap { row in
            guard let uuid = row[0].string, let owner = row[1].int, let hotkey = row[2].string, let regkey = row[3].string,
                let created = row[4].double
            else { return nil }
            return PendingAllocation(uuid: uuid, ownerKeyID: owner, hotkey: hotkey, regkey: regkey, createdAt: created)
        }
    }

    // MARK: - Idempotency

    public func claimIdempotency(keyID: Int, idempotencyKey: String, now: Double, staleAfter: Double) throws -> IdempotencyClaim {
        try database.transaction {
            let row = try database.query(
                "SELECT status, body, created_at FROM idempotency WHERE key_id = ? AND idempotency_key = ?",
                [.integer(keyID), .text(idempotencyKey)]
            ).first
            if let row, let status = row[0].int, let body = row[1].string { return .answered(status: status, body: Array(body.utf8)) }
            if let row, now - (row[2].double ?? now) < staleAfter { return .inProgress }
            try database.query(
                "INSERT OR REPLACE INTO idempotency (key_id, idempotency_key, status, body, created_at) VALUES (?, ?, NULL, NULL, ?)",
                [.integer(keyID), .text(idempotencyKey), .real(now)])
            return .claimed
        }
    }

    public func rememberAnswer(keyID: Int, idempotencyKey: String, status: Int, body: [UInt8]) throws {
        try database.query(
            "INSERT OR REPLACE INTO idempotency (key_id, idempotency_key, status, body, created_at) VALUES (?, ?, ?, ?, ?)",
            [
                .integer(keyID), .text(idempotencyKey), .integer(status), .text(String(decoding: body, as: UTF8.self)),
                .real(Date().timeIntervalSince1970),
            ])
    }

    public func pruneIdempotency(before: Double) throws -> Int {
        try database.query("DELETE FROM idempotency WHERE created_at < ? RETURNING 1", [.real(before)]).count
    }

    // MARK: - Webhook outbox

    public func enqueueWebhook(url: String, body: String, now: Double) throws {
        try database.query(
            "INSERT INTO outbox (url, body, next_at, created_at) VALUES (?, ?, ?, ?)", [.text(url), .text(body), .real(now), .real(now)])
    }

    public func leaseDueWebhooks(now: Double, until: Double, limit: Int) throws -> [QueuedWebhook] {
        try database.transaction {
            let due = try database.query(
                "SELECT id, url, body, attempts, created_at FROM outbox WHERE next_at <= ? ORDER BY id LIMIT ?",
                [.real(now), .integer(limit)]
            )
            .compactMap { row -> QueuedWebhook? in
                guard let id = row[0].int, let url = row[1].string, let body = row[2].string, let attempts = row[3].int,
                    let created = row[4].double
                else { return nil }
                return QueuedWebhook(id: id, url: url, body: body, attempts: attempts, createdAt: created)
            }
            for webhook in due { try database.query("UPDATE outbox SET next_at = ? WHERE id = ?", [.real(until), .integer(webhook.id)]) }
            return due
        }
    }

    public func deleteWebhook(id: Int) throws {
        try database.query("DELETE FROM outbox WHERE id = ?", [.integer(id)])
    }

    public func rescheduleWebhook(id: Int, nextAt: Double, error: String) throws {
        try database.query(
            "UPDATE outbox SET attempts = attempts + 1, next_at = ?, last_error = ? WHERE id = ?",
            [.real(nextAt), .text(error), .integer(id)])
    }

    public func pendingWebhooks() throws -> Int { try database.query("SELECT COUNT(*) FROM outbox").first?[0].int ?? 0 }

    // MARK: - Miner specs

    public func saveSpecs(hotkey: String, specs: String, at: Double) throws {
        try database.query(
            "INSERT OR REPLACE INTO miner_specs (hotkey, specs, fetched_at) VALUES (?, ?, ?)", [.text(hotkey), .text(specs), .real(at)])
    }

    public func allSpecs() throws -> [String: String] {
        var found = [String: String]()
        for row in try database.query("SELECT hotkey, specs FROM miner_specs") {
            if let hotkey = row[0].string, let specs = row[1].string { found[hotkey] = specs }
        }
        return found
    }

    // MARK: - Leadership

    public nonisolated func leaderLock() -> any LeaderLock { FileLeaderLock(path: path + ".leader") }

    /// SQLite has no notifications: events stay with the instance that made them.
    public nonisolated func eventRelay() -> (any RentalEventRelay)? { nil }
}
