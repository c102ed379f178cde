import Synchronization
import Testing
@testable import BittensorNetwork

/// Admission order, shared by the waiting tasks.
final class AdmissionLog: Sendable {
    private let entries = Mutex<[Double]>([])
    func append(_ value: Double) { entries.withLock { $0.append(value) } }
    var values: [Double] { entries.withLock { $0 } }
}

@Suite("the axon's priority gate")
struct PriorityGateTests {
    @Test("when full, waiters are admitted by priority, then arrival")
    func ordering() async throws {
        let gate = PriorityGate(capacity: 1)
        #expect(await gate.enter(priority: 0))
        let order = AdmissionLog()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, priority) in [1.0, 5.0, 3.0, 5.0].enumerated() {
                group.addTask {
                    #expect(await gate.enter(priority: priority))
                    order.append(priority)
                    gate.leave()
                }
                // Let each waiter queue before the next arrives.
                while gate.waitingCount < index + 1 { try await Task.sleep(for: .milliseconds(1)) }
            }
            #expect(gate.waitingCount == 4)
            gate.leave()
            try await group.waitForAll()
        }
        #expect(order.values == [5, 5, 3, 1])
        #expect(gate.runningCount == 0)
    }

    @Test("a cancelled waiter leaves without taking a slot")
    func cancellation() async throws {
        let gate = PriorityGate(capacity: 1)
        #expect(await gate.enter(priority: 0))
        let waiter = Task { await gate.enter(priority: 1) }
        while gate.waitingCount == 0 { try await Task.sleep(for: .milliseconds(1)) }
        waiter.cancel()
        #expect(await waiter.value == false)
        #expect(gate.waitingCount == 0 && gate.runningCount == 1)
        gate.leave()
        #expect(gate.runningCount == 0)
    }
}
