import ComputeProtocol
import Foundation
@testable import RegisterAPI
import SQLiteStore
import Testing

/// A database written by the previous release opens with this one: schema 2 (before v2.2's user
/// ports) becomes schema 3 in place, its rentals kept.
@Suite("Rental stores: schema 2 databases are upgraded in place")
struct SchemaMigrationTests {
    /// Schema 2's `rentals` and version row, in SQL that SQLite and PostgreSQL both read. The
    /// password column holds what the store's sealer wrote; an empty rental list avoids needing it.
    static let schemaTwo = [
        "CREATE TABLE schema_version (version INTEGER NOT NULL)",
        "INSERT INTO schema_version (version) VALUES (2)",
        """
        CREATE TABLE rentals (
            uuid TEXT PRIMARY KEY, owner_key_id BIGINT NOT NULL, hotkey TEXT NOT NULL UNIQUE, ip TEXT NOT NULL, port BIGINT NOT NULL,
            username TEXT NOT NULL, password TEXT NOT NULL, regkey TEXT NOT NULL, ssh_key TEXT NOT NULL, resource TEXT NOT NULL,
            miner_version BIGINT NOT NULL, created_at DOUBLE PRECISION NOT NULL, online BOOLEAN NOT NULL DEFAULT TRUE,
            failed_checks BIGINT NOT NULL DEFAULT 0)
        """,
    ]

    @Test("schema 2 → 3: user_ports added, the version raised, rentals keep their user ports", arguments: TestDatabase.allCases)
    func upgrade(_ database: TestDatabase) async throws {
        let location = try database.make()
        let secretFile = NSTemporaryDirectory() + "api-\(UUID().uuidString).secret"
        defer {
            TestDatabase.drop(location)
            try? FileManager.default.removeItem(atPath: secretFile)
        }
        let version: @Sendable () throws -> String
        switch location {
        case let .sqlite(path):
            let file = try SQLiteDatabase(path: path)
            for statement in Self.schemaTwo { try file.execute(statement) }
            version = { String(try SQLiteDatabase(path: path).query("SELECT version FROM schema_version").first?[0].int ?? -1) }
        case let .postgres(address):
            var components = try #require(URLComponents(string: TestDatabase.postgresServer()))
            components.path = "/" + address.database
            let url = try #require(components.string)
            for statement in Self.schemaTwo { try TestDatabase.psql(url, statement) }
            version = { try TestDatabase.psql(url, "SELECT version FROM schema_version") }
        }
        try await location.withStore(secretFile: secretFile) { store in
            let (_, owner) = try await store.createKey(name: "renter", admin: false)
            let rental = RentalRecord(
                uuid: "u", ownerKeyID: owner.id, hotkey: "h", ip: "10.0.0.1", port: 4444, username: "root", password: "pw",
                regkey: "pem", sshKey: "", resource: "NVIDIA H200", minerVersion: 221, createdAt: 2,
                userPorts: [UserPort(internalPort: 27015, externalPort: 27015)])
            try await store.insert(rental)
            #expect(try await store.allRentals() == [rental])
        }
        #expect(try version() == "3")
    }
}
