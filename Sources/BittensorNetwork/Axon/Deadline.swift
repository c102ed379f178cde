import NIOCore
import NIOPosix
import Synchronization

/// Thrown when ``withDeadline(seconds:_:)`` runs out of time.
struct DeadlineExceeded: Error {}

/// Runs `body`, cancelling it and throwing ``DeadlineExceeded`` once `seconds` have passed.
///
/// The timer is an event-loop scheduled task, far cheaper per request than a sleeping task.
/// A body that ignores cancellation still runs to its end (as in any structured design); its
/// result is then discarded.
func withDeadline<T: Sendable>(seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    let work = Task { try await body() }
    let expired = Mutex(false)
    let timer = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: .nanoseconds(Int64(seconds * 1e9))) {
        expired.withLock { $0 = true }
        work.cancel()
    }
    defer { timer.cancel() }
    do {
        let value = try await withTaskCancellationHandler { try await work.value } onCancel: { work.cancel() }
        if expired.withLock({ $0 }) { throw DeadlineExceeded() }
        return value
    } catch {
        if expired.withLock({ $0 }) { throw DeadlineExceeded() }
        throw error
    }
}
