import Synchronization

/// Admits at most `capacity` handlers at once; when full, waiting requests are admitted in
/// order of priority (highest first, then arrival), as the Python axon's priority thread pool.
/// A waiter whose task is cancelled (its deadline passed) leaves the queue without a slot.
/// The uncontended path takes a lock and never suspends.
final class PriorityGate: Sendable {
    private struct Waiter {
        let priority: Double
        let ticket: Int
        let continuation: CheckedContinuation<Bool, Never>
    }

    private struct State {
        var running = 0
        var waiting: [Waiter] = []
        var tickets = 0
    }

    private let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    /// Waits for a slot; false when cancelled first (then no slot is held).
    func enter(priority: Double) async -> Bool {
        let ticket: Int? = state.withLock { state in
            if state.running < capacity {
                state.running += 1
                return nil
            }
            state.tickets += 1
            return state.tickets
        }
        guard let ticket else { return true }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // Checked under the lock: either the cancellation handler below finds this
                // waiter, or the task was already cancelled and it is never queued.
                let admittedNow: Bool? = state.withLock { state in
                    if Task.isCancelled { return false }
                    if state.running < capacity {
                        state.running += 1
                        return true
                    }
                    state.waiting.append(Waiter(priority: priority, ticket: ticket, continuation: continuation))
                    return nil
                }
                if let admittedNow { continuation.resume(returning: admittedNow) }
            }
        } onCancel: {
            let waiter: Waiter? = state.withLock { state in
                guard let index = state.waiting.firstIndex(where: { $0.ticket == ticket }) else { return nil }
                return state.waiting.remove(at: index)
            }
            waiter?.continuation.resume(returning: false)
        }
    }

    /// Frees a slot, handing it to the most urgent waiter.
    func leave() {
        let next: Waiter? = state.withLock { state in
            guard
                let index = state.waiting.indices.max(by: { lhs, rhs in
                    let a = state.waiting[lhs], b = state.waiting[rhs]
                    return a.priority == b.priority ? a.ticket > b.ticket : a.priority < b.priority
                })
            else {
                state.running -= 1
                return nil
            }
            return state.waiting.remove(at: index)
        }
        next?.continuation.resume(returning: true)
    }

    var waitingCount: Int { state.withLock { $0.waiting.count } }
    var runningCount: Int { state.withLock { $0.running } }
}
