import Foundation
import TestSupport
@testable import RegisterAPI
import Testing

/// The two databases the API runs on, each fresh per test: a SQLite file in a temporary
/// directory, or a new database on the PostgreSQL server that `make test` starts
/// (scripts/postgres.sh, its URL in NICOMPUTE_TEST_POSTGRES).
enum TestDatabase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// A fresh, empty database.
    func make() throws -> DatabaseLocation {
        switch self {
        case .sqlite:
            return .sqlite(path: NSTemporaryDirectory() + "api-\(UUID().uuidString).sqlite")
        case .postgres:
            let server = try Self.postgresServer()
            let name = "nicompute_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
            try Self.psql(server, "CREATE DATABASE \(name)")
            var components = URLComponents(string: server)
            components?.path = "/" + name
            return try DatabaseLocation(url: components?.string ?? "")
        }
    }

    /// Runs `body` with a store on a fresh database (its credential key in a temporary file),
    /// then drops that database.
    func withFreshStore(_ body: @escaping @Sendable (any RentalStore) async throws -> Void) async throws {
        let location = try make()
        let secretFile = NSTemporaryDirectory() + "api-\(UUID().uuidString).secret"
        defer {
            Self.drop(location)
            try? FileManager.default.removeItem(atPath: secretFile)
        }
        try await location.withStore(secretFile: secretFile, body)
    }

    /// Removes a database `make()` made.
    static func drop(_ location: DatabaseLocation) {
        switch location {
        case let .sqlite(path):
            for suffix in ["", "-wal", "-shm", ".leader", ".secret"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        case let .postgres(address):
            if let server = try? postgresServer() { _ = try? psql(server, "DROP DATABASE IF EXISTS \(address.database) WITH (FORCE)") }
        }
    }

    /// The maintenance database's URL; a missing server fails the test, it never skips it.
    static func postgresServer() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["NICOMPUTE_TEST_POSTGRES"], !url.isEmpty else {
            throw TestDatabaseError(
                "NICOMPUTE_TEST_POSTGRES is not set: run the tests with `make test`, which starts PostgreSQL (scripts/postgres.sh)")
        }
        guard URLComponents(string: url)?.scheme == "postgres" else {
            throw TestDatabaseError("NICOMPUTE_TEST_POSTGRES is not a postgres:// URL: \(url.debugDescription)")
        }
        return url
    }

    /// Runs `sql` with Debian's psql; returns its unaligned output.
    @discardableResult
    static func psql(_ url: String, _ sql: String) throws -> String {
        let output = try ChildProcess.run("/usr/bin/psql", [url, "-v", "ON_ERROR_STOP=1", "-tAq", "-c", sql])
        guard output.status == 0 else { throw TestDatabaseError("psql \(sql): \(output.combined)") }
        return output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

struct TestDatabaseError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
