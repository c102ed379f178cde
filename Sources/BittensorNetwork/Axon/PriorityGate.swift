/// Admits at most `capacity` handlers at once; when full, waiting requests are admitted in
/// order of priority (highest first, then arrival), as the Python axon's priority thread pool.
/// A waiter whose task is cancelled (its deadline passed) leaves the queue without a slot.
actor PriorityGate {
    private struct Waiter {
        let priority: Double
        let ticket: Int
        let continuation: CheckedContinuation<Bool, Never>
    }

    private let capacity: Int
    private var running = 0
    private var waiting: [Waiter] = []
    private var tickets = 0

    init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    /// Waits for a slot; false when cancelled first (then no slot is held).
    nonisolated func enter(priority: Double) async -> Bool {
        let ticket = await issueTicket()
        return await withTaskCancellationHandler {
            await admit(priority: priority, ticket: ticket)
        } onCancel: {
            Task { await self.withdraw(ticket) }
        }
    }

    /// Frees a slot, handing it to the most urgent waiter.
    func leave() {
        guard let index = waiting.indices.max(by: { lhs, rhs in
            let a = waiting[lhs], b = waiting[rhs]
            return a.priority == b.priority ? a.ticket > b.ticket : a.priority < b.priority
        }) else {
            running -= 1
            return
        }
        waiting.remove(at: index).continuation.resume(returning: true)
    }

    var waitingCount: Int { waiting.count }
    var runningCount: Int { running }

    private func issueTicket() -> Int {
        tickets += 1
        return tickets
    }

    private func admit(priority: Double, ticket: Int) async -> Bool {
        if running < capacity {
            running += 1
            return true
        }
        if Task.isCancelled { return false }
        return await withCheckedContinuation { continuation in
            waiting.append(Waiter(priority: priority, ticket: ticket, continuation: continuation))
        }
    }

    private func withdraw(_ ticket: Int) {
        guard let index = waiting.firstIndex(where: { $0.ticket == ticket }) else { return }
        waiting.remove(at: index).continuation.resume(returning: false)
    }
}
