import BittensorNetwork
import Foundation
import Synchronization

/// Allocation status events for the WebSocket clients of each API key: every connection gets
/// the events of the rentals its key owns (all of them for an admin key).
public final class RentalEvents: Sendable {
    public struct Event: Sendable {
        public var ownerKeyID: Int
        public var payload: JSONValue
    }

    private struct Subscriber {
        let key: APIKey
        let continuation: AsyncStream<JSONValue>.Continuation
    }

    private let subscribers = Mutex<[UUID: Subscriber]>([:])

    public init() {}

    /// The events `key` may see, until the stream is dropped.
    func subscribe(_ key: APIKey) -> AsyncStream<JSONValue> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<JSONValue>.makeStream(bufferingPolicy: .bufferingNewest(256))
        continuation.onTermination = { [weak self] _ in self?.subscribers.withLock { $0[id] = nil } }
        subscribers.withLock { $0[id] = Subscriber(key: key, continuation: continuation) }
        return stream
    }

    /// `{"type": "allocation", "payload": {"status", "hotkey", "uuid", "time"}}` to the owner's
    /// connections and to admins.
    public func publish(status: String, hotkey: String, uuid: String, ownerKeyID: Int) {
        let message: JSONValue = .object([
            ("type", .string("allocation")),
            ("payload", .object([("status", .string(status)), ("hotkey", .string(hotkey)), ("uuid", .string(uuid)),
                                 ("time", .string(WebhookEvent.timestamp(Date().timeIntervalSince1970)))])),
        ])
        for subscriber in subscribers.withLock({ Array($0.values) }) where subscriber.key.admin || subscriber.key.id == ownerKeyID {
            subscriber.continuation.yield(message)
        }
    }

    /// Open connections.
    public var count: Int { subscribers.withLock { $0.count } }
}
