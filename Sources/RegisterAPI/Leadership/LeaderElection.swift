import Logging
import Synchronization

/// Runs a duty on exactly one instance at a time: it takes the ``LeaderLock`` when it can,
/// runs the duty while the lock holds, and stops it as soon as the lock is lost (a database
/// connection that drops, say), then tries again. Another instance takes over within `retry`
/// of the leader's end.
public final class LeaderElection: Sendable {
    public let lock: any LeaderLock
    /// Between attempts to take the lock.
    public let retry: Duration
    /// Between checks that the lock still holds.
    public let check: Duration
    private let leading = Atomic<Bool>(false)
    private let logger: Logger

    public init(
        lock: any LeaderLock, retry: Duration = .seconds(5), check: Duration = .seconds(5),
        logger: Logger = Logger(label: "api.leader")
    ) {
        self.lock = lock
        self.retry = retry
        self.check = check
        self.logger = logger
    }

    /// Whether this instance runs the duty now.
    public var isLeader: Bool { leading.load(ordering: .relaxed) }

    /// Until cancelled: the duty whenever this instance leads.
    public func run(_ duty: @escaping @Sendable () async -> Void) async {
        while !Task.isCancelled {
            let acquired: Bool
            do { acquired = try await lock.acquire() } catch {
                logger.warning("api: cannot try the leader lock: \(error)")
                acquired = false
            }
            if acquired {
                leading.store(true, ordering: .relaxed)
                logger.info("api: this instance leads: it runs the health monitor and delivers webhooks")
                await withTaskGroup(of: Void.self) { group in
                    group.addTask { await duty() }
                    group.addTask { [lock, check] in
                        while !Task.isCancelled {
                            try? await Task.sleep(for: check)
                            if Task.isCancelled { return }
                            if await !lock.stillHeld() { return }
                        }
                    }
                    await group.next()
                    group.cancelAll()
                }
                leading.store(false, ordering: .relaxed)
                await lock.release()
                if !Task.isCancelled { logger.warning("api: leadership lost; trying again") }
            }
            try? await Task.sleep(for: retry)
        }
    }
}
