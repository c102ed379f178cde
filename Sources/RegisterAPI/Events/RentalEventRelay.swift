/// Carries rental events between API instances that share a database, so a WebSocket client
/// hears about its rentals whichever instance it is connected to and whichever one acted.
public protocol RentalEventRelay: Sendable {
    /// Sends `event` (JSON text) to every instance, this one included; false when it could
    /// not, and the caller delivers locally instead.
    func send(_ event: String) async -> Bool
    /// Until cancelled: every event any instance sent, to `receive` (reconnecting as needed).
    func listen(_ receive: @escaping @Sendable (String) -> Void) async
}
