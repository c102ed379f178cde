import Foundation
import SQLiteStore

/// The Register API's SQLite store: hashed API keys, rentals with their owner, and the answers
/// of requests made with an `Idempotency-Key`, so a client's retry never allocates twice.
public actor RentalStore {
    private let database: SQLiteDatabase

    public init(path: String) throws {
        let database = try SQLiteDatabase(path: path)
        try database.transaction {
            try database.execute("""
                CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS api_keys (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, digest TEXT NOT NULL UNIQUE,
                    admin INTEGER NOT NULL, created_at REAL NOT NULL, revoked_at REAL);
                CREATE TABLE IF NOT EXISTS rentals (
                    uuid TEXT PRIMARY KEY, owner_key_id INTEGER NOT NULL REFERENCES api_keys (id),
                    hotkey TEXT NOT NULL UNIQUE, ip TEXT NOT NULL, port INTEGER NOT NULL, username TEXT NOT NULL,
                    password TEXT NOT NULL, regkey TEXT NOT NULL, ssh_key TEXT NOT NULL, resource TEXT NOT NULL,
                    miner_version INTEGER NOT NULL, created_at REAL NOT NULL,
                    online INTEGER NOT NULL DEFAULT 1, failed_checks INTEGER NOT NULL DEFAULT 0);
                CREATE TABLE IF NOT EXISTS idempotency (
                    key_id INTEGER NOT NULL, idempotency_key TEXT NOT NULL, status INTEGER NOT NULL, body BLOB NOT NULL,
                    created_at REAL NOT NULL, PRIMARY KEY (key_id, idempotency_key));
                """)
            if try database.query("SELECT version FROM schema_version").isEmpty {
                try database.query("INSERT INTO schema_version (version) VALUES (1)")
            }
        }
        self.database = database
    }

    // MARK: - API keys

    /// Makes a key named `name`; returns the key text, which is not stored.
    public func createKey(name: String, admin: Bool) throws -> (key: String, record: APIKey) {
        let key = APIKey.generate()
        try database.query("INSERT INTO api_keys (name, digest, admin, created_at) VALUES (?, ?, ?, ?)",
                           [.text(name), .text(APIKey.digest(key)), .integer(admin ? 1 : 0), .real(Date().timeIntervalSince1970)])
        let id = try database.query("SELECT id FROM api_keys WHERE digest = ?", [.text(APIKey.digest(key))]).first?[0].int ?? 0
        return (key, APIKey(id: id, name: name, admin: admin))
    }

    /// The live key whose text is `key`, if any.
    public func authenticate(_ key: String) throws -> APIKey? {
        guard key.hasPrefix(APIKey.prefix) else { return nil }
        guard let row = try database.query("SELECT id, name, admin FROM api_keys WHERE digest = ? AND revoked_at IS NULL",
                                           [.text(APIKey.digest(key))]).first,
              let id = row[0].int, let name = row[1].string else { return nil }
        return APIKey(id: id, name: name, admin: row[2].int == 1)
    }

    // MARK: - Rentals

    public func insert(_ rental: RentalRecord) throws {
        try database.query("""
            INSERT INTO rentals (uuid, owner_key_id, hotkey, ip, port, username, password, regkey, ssh_key, resource, miner_version, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(rental.uuid), .integer(rental.ownerKeyID), .text(rental.hotkey), .text(rental.ip), .integer(rental.port),
                  .text(rental.username), .text(rental.password), .text(rental.regkey), .text(rental.sshKey), .text(rental.resource),
                  .integer(rental.minerVersion), .real(rental.createdAt)])
    }

    public func rental(hotkey: String) throws -> RentalRecord? {
        try database.query("SELECT \(Self.columns) FROM rentals WHERE hotkey = ?", [.text(hotkey)]).first.flatMap(Self.record)
    }

    /// Every rental `key` may see: its own, or all for an admin.
    public func rentals(visibleTo key: APIKey) throws -> [RentalRecord] {
        let rows = key.admin
            ? try database.query("SELECT \(Self.columns) FROM rentals ORDER BY created_at")
            : try database.query("SELECT \(Self.columns) FROM rentals WHERE owner_key_id = ? ORDER BY created_at", [.integer(key.id)])
        return rows.compactMap(Self.record)
    }

    public func allRentals() throws -> [RentalRecord] {
        try database.query("SELECT \(Self.columns) FROM rentals ORDER BY created_at").compactMap(Self.record)
    }

    public func delete(uuid: String) throws {
        try database.query("DELETE FROM rentals WHERE uuid = ?", [.text(uuid)])
    }

    /// Records one health check of `uuid`; returns whether it was online before and the
    /// consecutive failures now.
    public func recordHealth(uuid: String, healthy: Bool) throws -> (wasOnline: Bool, failures: Int)? {
        try database.transaction {
            guard let row = try database.query("SELECT online, failed_checks FROM rentals WHERE uuid = ?", [.text(uuid)]).first,
                  let online = row[0].int, let failures = row[1].int else { return nil }
            let now = healthy ? 0 : failures + 1
            try database.query("UPDATE rentals SET online = ?, failed_checks = ? WHERE uuid = ?", [.integer(healthy ? 1 : 0), .integer(now), .text(uuid)])
            return (online == 1, now)
        }
    }

    private static let columns = "uuid, owner_key_id, hotkey, ip, port, username, password, regkey, ssh_key, resource, miner_version, created_at"

    private static func record(_ row: [SQLiteDatabase.Value]) -> RentalRecord? {
        guard row.count == 12, let uuid = row[0].string, let owner = row[1].int, let hotkey = row[2].string, let ip = row[3].string,
              let port = row[4].int, let username = row[5].string, let password = row[6].string, let regkey = row[7].string,
              let sshKey = row[8].string, let resource = row[9].string, let version = row[10].int, let created = row[11].double else { return nil }
        return RentalRecord(uuid: uuid, ownerKeyID: owner, hotkey: hotkey, ip: ip, port: port, username: username, password: password,
                            regkey: regkey, sshKey: sshKey, resource: resource, minerVersion: version, createdAt: created)
    }

    // MARK: - Idempotency

    /// The stored answer to (`keyID`, `idempotencyKey`), if that request was answered before.
    public func idempotentAnswer(keyID: Int, idempotencyKey: String) throws -> (status: Int, body: [UInt8])? {
        guard let row = try database.query("SELECT status, body FROM idempotency WHERE key_id = ? AND idempotency_key = ?",
                                           [.integer(keyID), .text(idempotencyKey)]).first,
              let status = row[0].int, let body = row[1].string else { return nil }
        return (status, Array(body.utf8))
    }

    public func rememberAnswer(keyID: Int, idempotencyKey: String, status: Int, body: [UInt8]) throws {
        try database.query("INSERT OR REPLACE INTO idempotency (key_id, idempotency_key, status, body, created_at) VALUES (?, ?, ?, ?, ?)",
                           [.integer(keyID), .text(idempotencyKey), .integer(status), .text(String(decoding: body, as: UTF8.self)),
                            .real(Date().timeIntervalSince1970)])
    }
}
