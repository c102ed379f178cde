import Foundation
import Logging
import NIOPosix
import NIOSSL
import PostgresNIO

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
        guard let user = components.user, !user.isEmpty else {
            throw DatabaseURLError("--db.url: needs a user, as postgres://user:password@host/database")
        }
        username = user.removingPercentEncoding ?? user
        password = components.password.map { $0.removingPercentEncoding ?? $0 }
        let name = String(components.path.drop(while: { $0 == "/" }))
        guard !name.isEmpty, !name.contains("/") else {
            throw DatabaseURLError("--db.url: needs a database name, as postgres://user@host/nicompute")
        }
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
        return .init(
            host: host, port: port, username: username, password: password, database: database,
            tls: requireTLS ? .require(.makeClientConfiguration()) : .disable)
    }

    /// One connection's settings (the leader lock's own connection).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        if let socketDirectory {
            return .init(unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)", username: username, password: password, database: database)
        }
        return .init(
            host: host, port: port, username: username, password: password, database: database,
            tls: requireTLS ? .require(try NIOSSLContext(configuration: .makeClientConfiguration())) : .disable)
    }

    /// A connection of its own, outside the pool: for the start-up probe, the leader lock's
    /// session and the event listener.
    func connect(id: Int, logger: Logger) async throws -> PostgresConnection {
        try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.next(), configuration: try connectionConfiguration(),
            id: id, logger: logger)
    }

    /// `url` without its password, for messages.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? "postgres://…"
    }
}
