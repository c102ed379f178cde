import BittensorNetwork
import Foundation
import Synchronization

/// Allocation status events for the WebSocket clients of each API key: every connection gets
/// the events of the rentals its key owns (all of them for an admin key). With a relay
/// (PostgreSQL's NOTIFY, when several instances share a database) an event goes through the
/// database and reaches the clients of every instance, this one included, once.
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
    private let relay = Mutex<(any RentalEventRelay)?>(nil)

    public init() {}

    /// Sends events through `relay` from now on; ``deliver(_:)`` takes what it brings back.
    func relay(through relay: any RentalEventRelay) { self.relay.withLock { $0 = relay } }

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
    public func publish(status: String, hotkey: String, uuid: String, ownerKeyID: Int) async {
        let message: JSONValue = .object([
            ("type", .string("allocation")),
            (
                "payload",
                .object([
                    ("status", .string(status)), ("hotkey", .string(hotkey)), ("uuid", .string(uuid)),
                    ("time", .string(WebhookEvent.timestamp(Date().timeIntervalSince1970))),
                ])
            ),
        ])
        if let relay = relay.withLock({ $0 }) {
            let envelope: JSONValue = .object([("owner", .int(ownerKeyID)), ("message", message)])
            if await relay.send(String(decoding: OrderedJSON.serialize(envelope), as: UTF8.self)) { return }
        }
        deliver(message, ownerKeyID: ownerKeyID)
    }

    /// An event relayed from any instance: `{"owner", "message"}`.
    func deliver(_ relayed: String) {
        guard let envelope = try? OrderedJSON.parse(Array(relayed.utf8)), case let .int(owner)? = envelope["owner"],
            let message = envelope["message"]
        else { return }
        deliver(message, ownerKeyID: owner)
    }

    private func deliver(_ message: JSONValue, ownerKeyID: Int) {
        for subscriber in subscribers.withLock({ Array($0.values) }) where subscriber.key.admin || subscriber.key.id == ownerKeyID {
            subscriber.continuation.yield(message)
        }
    }

    /// Open connections.
    public var count: Int { subscribers.withLock { $0.count } }
}
