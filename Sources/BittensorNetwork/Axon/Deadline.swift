import NIOCore
import NIOPosix
import Synchronization

/// Thrown when ``withDeadline(seconds:_:)`` runs out of time.
public struct DeadlineExceeded: Error {}

/// The longest deadline ``withDeadline(seconds:_:)`` sets: a day.
let maximumDeadlineSeconds = 86_400.0

/// `seconds` as timer nanoseconds, never trapping: NaN and negatives are 0, anything above
/// ``maximumDeadlineSeconds`` (infinity included) is that maximum.
func deadlineNanoseconds(_ seconds: Double) -> Int64 {
    guard seconds > 0 else { return 0 }  // false for NaN too
    return Int64(min(seconds, maximumDeadlineSeconds) * 1e9)
}

/// Runs `body`, cancelling it and throwing ``DeadlineExceeded`` once `seconds` have passed
/// (clamped as ``deadlineNanoseconds(_:)`` says, so no value traps).
///
/// The timer is an event-loop scheduled task, far cheaper per request than a sleeping task.
/// A body that ignores cancellation still runs to its end (as in any structured design); its
/// result is then discarded. `body` runs in a task of its own, which prefers `executor` when one
/// is given (an unstructured task does not inherit its caller's preference).
public func withDeadline<T: Sendable>(
    seconds: Double, executorPreference executor: (any TaskExecutor)? = nil, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    let work = Task(executorPreference: executor) { try await body() }
    let expired = Mutex(false)
    let timer = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: .nanoseconds(deadlineNanoseconds(seconds))) {
        expired.withLock { $0 = true }
        work.cancel()
    }
    defer { timer.cancel() }
    do {
        let value = try await withTaskCancellationHandler {
            try await work.value
        } onCancel: {
            work.cancel()
        }
        if expired.withLock({ $0 }) { throw DeadlineExceeded() }
        return value
    } catch {
        if expired.withLock({ $0 }) { throw DeadlineExceeded() }
        throw error
    }
}
