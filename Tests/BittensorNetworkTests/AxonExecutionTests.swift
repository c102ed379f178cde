import ComputeProtocol
import Testing

/// Where the axon runs its requests (``EventLoopTaskExecutor``).
@Suite("the axon's execution", .serialized)
struct AxonExecutionTests {
    @Test("handlers run on the event loops that read the requests, not on Swift's global pool")
    func handlersOnEventLoops() async throws {
        let harness = try await AxonHarness.start()
        defer { Task { await harness.stop() } }
        for _ in 0..<5 {
            #expect(try await harness.ping().status == 200)
        }
        #expect(harness.specsOnEventLoop.withLock { $0 } == [true, true, true, true, true])
    }
}
