import Foundation
import Logging
import NIOSSL
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
            guard !path.isEmpty else { throw DatabaseURLError("--db.url: sqlite:// needs a file path, as sqlite:///var/lib/nicompute/api.sqlite") }
            self = .sqlite(path: path)
        } else if url.contains("://") {
            throw DatabaseURLError("--db.url: \(url.prefix(while: { $0 != ":" }))://… is not supported; use a SQLite path or postgres://user:password@host/database")
        } else {
            guard !url.isEmpty else { throw DatabaseURLError("--db.url: empty") }
            self = .sqlite(path: url)
        }
    }

    /// Opens the store, runs `body` with it and closes it. PostgreSQL's connection pool runs
    /// beside `body` and ends with it.
    public func withStore<T: Sendable>(logger: Logger = Logger(label: "api.db"),
                                       _ body: @escaping @Sendable (any RentalStore) async throws -> T) async throws -> T {
        switch self {
        case let .sqlite(path):
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            return try await body(try SQLiteRentalStore(path: path))
        case let .postgres(address):
            let store = try PostgresRentalStore(address: address, logger: logger)
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

/// A PostgreSQL server and database, parsed from a `postgres://` URL.
public struct PostgresAddress: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    /// A directory holding the server's socket (`?host=/var/run/postgresql`), instead of TCP.
    public var socketDirectory: String?
    public var requireTLS: Bool

    public init(url: String) throws(DatabaseURLError) {
        guard let components = URLComponents(string: url) else { throw DatabaseURLError("--db.url: not a URL: \(Self.redacted(url))") }
        let query = components.queryItems ?? []
        socketDirectory = query.first { $0.name == "host" }?.value
        host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        guard socketDirectory == nil || socketDirectory?.hasPrefix("/") == true else {
            throw DatabaseURLError("--db.url: ?host= must be the directory of the server's socket, as /var/run/postgresql")
        }
        port = components.port ?? 5432
        guard (1...65_535).contains(port) else { throw DatabaseURLError("--db.url: port must be 1…65535") }
        guard let user = components.user, !user.isEmpty else { throw DatabaseURLError("--db.url: needs a user, as postgres://user:password@host/database") }
        username = user.removingPercentEncoding ?? user
        password = components.password.map { $0.removingPercentEncoding ?? $0 }
        let name = String(components.path.drop(while: { $0 == "/" }))
        guard !name.isEmpty, !name.contains("/") else { throw DatabaseURLError("--db.url: needs a database name, as postgres://user@host/nicompute") }
        database = name
        switch query.first(where: { $0.name == "sslmode" })?.value ?? "disable" {
        case "disable", "allow", "prefer": requireTLS = false
        case "require", "verify-ca", "verify-full": requireTLS = true
        case let other: throw DatabaseURLError("--db.url: sslmode=\(other) is not one of disable, prefer, require, verify-full")
        }
    }

    /// The pool's settings.
    func clientConfiguration() throws -> PostgresClient.Configuration {
        if let socketDirectory {
            return .init(unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)", username: username, password: password, database: database)
        }
        return .init(host: host, port: port, username: username, password: password, database: database,
                     tls: requireTLS ? .require(.makeClientConfiguration()) : .disable)
    }

    /// One connection's settings (the leader lock's own connection).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        if let socketDirectory {
            return .init(unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)", username: username, password: password, database: database)
        }
        return .init(host: host, port: port, username: username, password: password, database: database,
                     tls: requireTLS ? .require(try NIOSSLContext(configuration: .makeClientConfiguration())) : .disable)
    }

    /// `url` without its password, for messages.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? "postgres://…"
    }
}

/// A `--db.url` that cannot be used, naming the rule.
public struct DatabaseURLError: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
