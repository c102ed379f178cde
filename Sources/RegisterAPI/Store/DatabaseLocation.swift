import Foundation
import HostPaths
import Logging
import PostgresNIO

/// Where the API keeps its data, from `--db.url`: a SQLite file (a path, or `sqlite:///path`)
/// or a PostgreSQL database (`postgres://user:password@host:5432/database`, with
/// `?sslmode=require` for TLS and `?host=/var/run/postgresql` for a unix socket).
public enum DatabaseLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(PostgresAddress)

    public init(url: String) throws(DatabaseURLError) {
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            self = .postgres(try PostgresAddress(url: url))
        } else if url.hasPrefix("sqlite://") {
            let path = String(url.dropFirst("sqlite://".count))
            guard !path.isEmpty else {
                throw DatabaseURLError("--db.url: sqlite:// needs a file path, as sqlite:///var/lib/nicompute/api.sqlite")
            }
            self = .sqlite(path: path)
        } else if url.contains("://") {
            throw DatabaseURLError(
                "--db.url: \(url.prefix(while: { $0 != ":" }))://… is not supported; use a SQLite path or postgres://user:password@host/database"
            )
        } else {
            guard !url.isEmpty else { throw DatabaseURLError("--db.url: empty") }
            self = .sqlite(path: url)
        }
    }

    /// The file holding the key that seals the rentals' SSH passwords when `--db.secret-file`
    /// is not given: beside a SQLite file; for PostgreSQL, in this user's `~/.nicompute/api`
    /// (instances on other hosts must be given a copy of the same file).
    public var defaultSecretFile: String {
        switch self {
        case let .sqlite(path): path + ".secret"
        case .postgres: HomeDirectory.nicompute("api/secret.key")
        }
    }

    /// Opens the store, runs `body` with it and closes it. PostgreSQL's connection pool runs
    /// beside `body` and ends with it. `secretFile` holds the credential key
    /// (``defaultSecretFile`` when nil; made when missing).
    public func withStore<T: Sendable>(
        secretFile: String? = nil, logger: Logger = Logger(label: "api.db"),
        _ body: @escaping @Sendable (any RentalStore) async throws -> T
    ) async throws -> T {
        if case let .sqlite(path) = self {
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        }
        let sealer = try CredentialSealer(keyFile: secretFile ?? defaultSecretFile)
        switch self {
        case let .sqlite(path):
            return try await body(try SQLiteRentalStore(path: path, sealer: sealer))
        case let .postgres(address):
            let store = try PostgresRentalStore(address: address, sealer: sealer, logger: logger)
            try await store.probe()
            return try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask {
                    await store.runPool()
                    return nil
                }
                group.addTask {
                    try await store.migrate()
                    return try await body(store)
                }
                defer { group.cancelAll() }
                while let finished = try await group.next() {
                    if let result = finished { return result }
                }
                throw DatabaseURLError("PostgreSQL: the connection pool ended early")
            }
        }
    }
}

/// A `--db.url` that cannot be used, naming the rule.
public struct DatabaseURLError: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
