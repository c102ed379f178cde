import Foundation

/// Runs each (key, `Idempotency-Key`) once, across every instance sharing the store: the first
/// request claims it in the store; a repeat waits for its answer (here through the running task,
/// elsewhere by polling the store) and gets that answer, so a client's retry never allocates
/// twice, whichever instance the load balancer sends it to.
actor IdempotencyGate {
    private let store: any RentalStore
    private var running: [String: Task<APIAnswer, Never>] = [:]
    /// A claim older than this was left by an instance that died mid-request.
    private let staleAfter: Double
    /// How long a repeat waits for another instance's answer.
    private let patience: Duration

    init(store: any RentalStore, staleAfter: Double = 600, patience: Duration = .seconds(180)) {
        self.store = store
        self.staleAfter = staleAfter
        self.patience = patience
    }

    func run(keyID: Int, idempotencyKey: String, _ body: @escaping @Sendable () async -> APIAnswer) async -> APIAnswer {
        let slot = "\(keyID)\u{0}\(idempotencyKey)"
        if let task = running[slot] { return await task.value }
        let deadline = ContinuousClock.now + patience
        while true {
            let claim: IdempotencyClaim
            do {
                claim = try await store.claimIdempotency(
                    keyID: keyID, idempotencyKey: idempotencyKey,
                    now: Date().timeIntervalSince1970, staleAfter: staleAfter)
            } catch {
                var failure = APIFailure.internalError(error, while: "claiming an Idempotency-Key")
                failure.status = 503
                return APIResponse.failure(failure)
            }
            switch claim {
            case let .answered(status, body):
                return APIAnswer(status: status, body: body)
            case .claimed:
                // A repeat may have arrived here while the store was asked.
                if let task = running[slot] { return await task.value }
                let task = Task { await body() }
                running[slot] = task
                let answer = await task.value
                try? await store.rememberAnswer(keyID: keyID, idempotencyKey: idempotencyKey, status: answer.status, body: answer.body)
                running[slot] = nil
                return answer
            case .inProgress:
                if let task = running[slot] { return await task.value }
                guard ContinuousClock.now < deadline else {
                    return APIResponse.failure(
                        APIFailure(
                            409, "Request in progress",
                            "a request with this Idempotency-Key is still running; retry later for its answer"))
                }
                try? await Task.sleep(for: .milliseconds(250))
            }
        }
    }
}
