/// A lock that at most one API instance holds at a time: the holder runs the health monitor
/// and delivers webhooks, so rentals are checked once and webhooks sent once however many
/// instances serve requests.
public protocol LeaderLock: Sendable {
    /// Tries to take the lock without waiting; true when this instance holds it now.
    func acquire() async throws -> Bool
    /// Whether the lock is still held: a lost database connection loses it.
    func stillHeld() async -> Bool
    /// Gives the lock up (also when it was already lost).
    func release() async
}
