import BittensorNetwork
import Foundation
import HTTPTypes
import HummingbirdWebSocket
import Logging
import NIOCore

/// WebSocket `/connect`: the reference's keep-alive (`{"type": "keepalive", "payload":
/// {"time"}}` every 30 s), plus the allocation events of the connected key's rentals. Any
/// number of clients (the reference kept one slot, the newest replacing the others). The key
/// comes in `Authorization: Bearer` or, for browsers (which cannot set headers on a WebSocket),
/// as a subprotocol: `new WebSocket(url, ["nicompute.v1", "nicompute.key." + key])`, answered
/// with `nicompute.v1` alone. Never in the query string, which proxies and access logs keep.
struct ConnectSocket: Sendable {
    let store: any RentalStore
    let events: RentalEvents
    let keepAlive: Duration

    func shouldUpgrade(_ request: HTTPRequest) async -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>> {
        guard let path = request.path, path.split(separator: "?").first == "/connect", let (text, asProtocol) = Self.key(in: request),
            let key = try? await store.authenticate(text)
        else { return .dontUpgrade }
        let answer: HTTPFields = asProtocol ? [.secWebSocketProtocol: Self.subprotocol] : [:]
        return .upgrade(answer) { inbound, outbound, _ in
            let stream = events.subscribe(key)
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Reading keeps the connection's close and pings handled; client messages are ignored.
                group.addTask { for try await _ in inbound {} }
                group.addTask {
                    while !Task.isCancelled {
                        let payload: JSONValue = .object([
                            ("type", .string("keepalive")),
                            ("payload", .object([("time", .string(WebhookEvent.timestamp(Date().timeIntervalSince1970)))])),
                        ])
                        try await outbound.write(.text(String(decoding: OrderedJSON.serialize(payload), as: UTF8.self)))
                        try await Task.sleep(for: keepAlive)
                    }
                }
                group.addTask {
                    for await event in stream {
                        try await outbound.write(.text(String(decoding: OrderedJSON.serialize(event), as: UTF8.self)))
                    }
                }
                try await group.next()
                group.cancelAll()
            }
        }
    }

    /// The subprotocol a browser offers beside its key, and the one the server answers.
    static let subprotocol = "nicompute.v1"
    static let keyProtocolPrefix = "nicompute.key."

    /// The key, and whether it came as a subprotocol (which must then be answered).
    static func key(in request: HTTPRequest) -> (String, Bool)? {
        if let header = request.headerFields[.authorization], header.lowercased().hasPrefix("bearer ") {
            return (String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces), false)
        }
        let offered = request.headerFields[values: .secWebSocketProtocol]
            .flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        guard offered.contains(subprotocol), let key = offered.first(where: { $0.hasPrefix(keyProtocolPrefix) }) else { return nil }
        return (String(key.dropFirst(keyProtocolPrefix.count)), true)
    }
}
