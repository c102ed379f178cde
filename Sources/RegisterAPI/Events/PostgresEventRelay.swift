import Logging
import PostgresNIO
import Synchronization

/// ``RentalEventRelay`` over PostgreSQL's `NOTIFY`/`LISTEN` on one channel; the listener keeps
/// a connection of its own and comes back after a drop.
///
/// Events go through the database only while this instance's own `LISTEN` is in place: before
/// it is up, and while it reconnects, a `NOTIFY` would not come back here, so ``send(_:)``
/// declines and the caller delivers to this instance's clients directly.
final class PostgresEventRelay: RentalEventRelay {
    static let channel = "nicompute_rental_events"
    private let address: PostgresAddress
    private let client: PostgresClient
    private let logger: Logger
    private let listening = Atomic<Bool>(false)

    /// Whether this instance's `LISTEN` is in place.
    var isListening: Bool { listening.load(ordering: .acquiring) }

    init(address: PostgresAddress, client: PostgresClient, logger: Logger) {
        self.address = address
        self.client = client
        self.logger = logger
    }

    func send(_ event: String) async -> Bool {
        guard isListening else { return false }
        do {
            try await client.query("SELECT pg_notify(\(Self.channel), \(event))", logger: logger)
            return true
        } catch {
            logger.warning("api: cannot relay a rental event: \(String(reflecting: error))")
            return false
        }
    }

    func listen(_ receive: @escaping @Sendable (String) -> Void) async {
        while !Task.isCancelled {
            do {
                let connection = try await address.connect(id: 2, logger: logger)
                do {
                    try await connection.listen(on: Self.channel) { notifications in
                        listening.store(true, ordering: .releasing)
                        defer { listening.store(false, ordering: .releasing) }
                        for try await notification in notifications { receive(notification.payload) }
                    }
                } catch {
                    listening.store(false, ordering: .releasing)
                    try? await connection.close()
                    throw error
                }
                try? await connection.close()
            } catch {
                if Task.isCancelled { return }
                logger.warning("api: rental event listener lost its connection, reconnecting: \(String(reflecting: error))")
            }
            try? await Task.sleep(for: .seconds(2))
        }
    }
}
