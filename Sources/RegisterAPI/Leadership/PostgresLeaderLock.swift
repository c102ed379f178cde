import Logging
import PostgresNIO
import Synchronization

/// ``LeaderLock`` for instances sharing a PostgreSQL database: a session advisory lock
/// (`pg_try_advisory_lock`) on a connection of its own. PostgreSQL frees it when that
/// connection ends, so a crashed or partitioned leader is replaced without any timeout of ours.
public final class PostgresLeaderLock: LeaderLock {
    public let address: PostgresAddress
    public let lockID: Int64
    private let connection = Mutex<PostgresConnection?>(nil)
    private let logger: Logger

    public init(address: PostgresAddress, lockID: Int64, logger: Logger) {
        self.address = address
        self.lockID = lockID
        self.logger = logger
    }

    public func acquire() async throws -> Bool {
        if connection.withLock({ $0 }) != nil { return true }
        let opened = try await address.connect(id: 1, logger: logger)
        var granted = false
        do {
            for try await value in try await opened.query("SELECT pg_try_advisory_lock(\(lockID))", logger: logger).decode(Bool.self) {
                granted = value
            }
        } catch {
            try? await opened.close()
            throw error
        }
        guard granted else {
            try? await opened.close()
            return false
        }
        connection.withLock { $0 = opened }
        return true
    }

    public func stillHeld() async -> Bool {
        guard let held = connection.withLock({ $0 }), !held.isClosed else { return false }
        // A query written to a connection the server has just ended may never be answered:
        // no answer within the deadline counts as lost.
        let alive = await Self.within(.seconds(5)) { [logger] in
            do {
                for try await _ in try await held.query("SELECT 1", logger: logger) {}
                return true
            } catch {
                logger.warning("api: the leader lock's database connection failed: \(String(reflecting: error))")
                return false
            }
        }
        return alive ?? false
    }

    public func release() async {
        guard
            let held = connection.withLock({ value -> PostgresConnection? in
                defer { value = nil }
                return value
            })
        else { return }
        // Closing the session frees the lock.
        _ = await Self.within(.seconds(5)) { try? await held.close() }
    }

    /// `operation`'s result, or nil when it takes longer than `limit`. Unstructured on purpose:
    /// a query stuck on a dead connection may ignore cancellation, and a task group would wait
    /// for it; here the caller goes on and the stuck task is abandoned (and cancelled).
    private static func within<T: Sendable>(_ limit: Duration, _ operation: @escaping @Sendable () async -> T) async -> T? {
        let answered = FirstAnswer()
        return await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
            let work = Task {
                let result = await operation()
                if answered.claim() { continuation.resume(returning: result) }
            }
            Task {
                try? await Task.sleep(for: limit)
                if answered.claim() {
                    work.cancel()
                    continuation.resume(returning: nil)
                }
            }
        }
    }
}

/// Lets exactly one of two racing tasks resume a continuation.
private final class FirstAnswer: Sendable {
    private let answered = Mutex(false)

    /// True for the first caller only.
    func claim() -> Bool {
        answered.withLock { done in
            defer { done = true }
            return !done
        }
    }
}
