import AsyncHTTPClient
import BittensorNetwork
import Crypto
import Foundation
import HexCoding
import Logging
import NIOCore
import SQLiteStore

/// Webhooks wait here, in SQLite, until their receiver answers 200 or 201: a restart loses
/// none. Each is signed `x-webhook-signature: hex(HMAC-SHA256(secret, body))` as the reference,
/// and retried with exponential back-off (15 s, 30 s, … up to an hour) for a day.
public actor WebhookOutbox {
    public struct Configuration: Sendable {
        public var deallocationURL: String?
        public var statusURL: String?
        public var secret: String
        public var firstRetry: Duration
        public var giveUpAfter: Duration

        public init(deallocationURL: String?, statusURL: String?, secret: String, firstRetry: Duration = .seconds(15),
                    giveUpAfter: Duration = .seconds(86_400)) {
            self.deallocationURL = deallocationURL
            self.statusURL = statusURL
            self.secret = secret
            self.firstRetry = firstRetry
            self.giveUpAfter = giveUpAfter
        }
    }

    private let database: SQLiteDatabase
    private let configuration: Configuration
    private let http: HTTPClient
    private let logger: Logger

    public init(path: String, configuration: Configuration, logger: Logger = Logger(label: "api.webhooks")) throws {
        let database = try SQLiteDatabase(path: path)
        try database.execute("""
            CREATE TABLE IF NOT EXISTS outbox (
                id INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL, body TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
                next_at REAL NOT NULL, created_at REAL NOT NULL, last_error TEXT)
            """)
        self.database = database
        self.configuration = configuration
        // The shared client needs no shutdown, so the outbox can go away with the process.
        self.http = HTTPClient.shared
        self.logger = logger
    }

    /// Queues `event` for its receiver (nothing when that URL is not configured).
    public func enqueue(_ event: WebhookEvent) throws {
        let url = event.kind == .deallocation ? configuration.deallocationURL : configuration.statusURL
        guard let url, !url.isEmpty else { return }
        let now = Date().timeIntervalSince1970
        try database.query("INSERT INTO outbox (url, body, next_at, created_at) VALUES (?, ?, ?, ?)",
                           [.text(url), .text(String(decoding: event.body(now: now), as: UTF8.self)), .real(now), .real(now)])
    }

    /// Sends what is due; returns how many were delivered.
    @discardableResult
    public func deliverDue(now: Double = Date().timeIntervalSince1970) async -> Int {
        let due = (try? database.query("SELECT id, url, body, attempts, created_at FROM outbox WHERE next_at <= ? ORDER BY id LIMIT 100", [.real(now)])) ?? []
        var delivered = 0
        for row in due {
            guard let id = row[0].int, let url = row[1].string, let body = row[2].string, let attempts = row[3].int, let created = row[4].double else { continue }
            let error = await post(url: url, body: Array(body.utf8))
            if error == nil {
                _ = try? database.query("DELETE FROM outbox WHERE id = ?", [.integer(id)])
                delivered += 1
                continue
            }
            if now - created > configuration.giveUpAfter.seconds {
                logger.warning("api: webhook \(id) to \(url) given up after \(attempts + 1) attempts: \(error ?? "")")
                _ = try? database.query("DELETE FROM outbox WHERE id = ?", [.integer(id)])
                continue
            }
            let delay = min(3_600, configuration.firstRetry.seconds * Double(1 << min(attempts, 12)))
            _ = try? database.query("UPDATE outbox SET attempts = attempts + 1, next_at = ?, last_error = ? WHERE id = ?",
                                [.real(now + delay), .text(error ?? ""), .integer(id)])
        }
        return delivered
    }

    /// Webhooks still waiting.
    public func pending() throws -> Int { try database.query("SELECT COUNT(*) FROM outbox").first?[0].int ?? 0 }

    /// nil when the receiver took it (200/201), else why not.
    private func post(url: String, body: [UInt8]) async -> String? {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "accept", value: "*/*")
        request.headers.add(name: "Content-Type", value: "application/json")
        let signature = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(configuration.secret.utf8)))
        request.headers.add(name: "x-webhook-signature", value: Hex.encode(Array(signature)))
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await http.execute(request, timeout: .seconds(10))
            _ = try? await response.body.collect(upTo: 1 << 16)
            return [200, 201].contains(response.status.code) ? nil : "HTTP \(response.status.code)"
        } catch {
            return "\(error)"
        }
    }
}
