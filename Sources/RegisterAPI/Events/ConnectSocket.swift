import BittensorNetwork
import Foundation
import HTTPTypes
import HummingbirdWebSocket
import Logging
import NIOCore

/// WebSocket `/connect`: the reference's keep-alive (`{"type": "keepalive", "payload":
/// {"time"}}` every 30 s), plus the allocation events of the connected key's rentals. Any
/// number of clients (the reference kept one slot, the newest replacing the others). The key
/// comes in `Authorization: Bearer` or, for browsers, `?api_key=`.
struct ConnectSocket: Sendable {
    let store: any RentalStore
    let events: RentalEvents
    let keepAlive: Duration

    func shouldUpgrade(_ request: HTTPRequest) async -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>> {
        guard let path = request.path, path.split(separator: "?").first == "/connect", let text = Self.key(in: request),
              let key = try? await store.authenticate(text) else { return .dontUpgrade }
        return .upgrade([:]) { inbound, outbound, _ in
            let stream = events.subscribe(key)
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Reading keeps the connection's close and pings handled; client messages are ignored.
                group.addTask { for try await _ in inbound {} }
                group.addTask {
                    while !Task.isCancelled {
                        let payload: JSONValue = .object([("type", .string("keepalive")),
                                                          ("payload", .object([("time", .string(WebhookEvent.timestamp(Date().timeIntervalSince1970)))]))])
                        try await outbound.write(.text(String(decoding: OrderedJSON.serialize(payload), as: UTF8.self)))
                        try await Task.sleep(for: keepAlive)
                    }
                }
                group.addTask {
                    for await event in stream { try await outbound.write(.text(String(decoding: OrderedJSON.serialize(event), as: UTF8.self))) }
                }
                try await group.next()
                group.cancelAll()
            }
        }
    }

    static func key(in request: HTTPRequest) -> String? {
        if let header = request.headerFields[.authorization], header.lowercased().hasPrefix("bearer ") {
            return String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        }
        guard let path = request.path, let query = path.split(separator: "?", maxSplits: 1).dropFirst().first else { return nil }
        for pair in query.split(separator: "&") where pair.hasPrefix("api_key=") {
            return String(pair.dropFirst("api_key=".count)).removingPercentEncoding
        }
        return nil
    }
}
