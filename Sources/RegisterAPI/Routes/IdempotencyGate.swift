/// Runs each (key, `Idempotency-Key`) once: a repeat waits for the first and gets its answer,
/// and finished answers come from the store, so a client's retry never allocates twice.
actor IdempotencyGate {
    private let store: RentalStore
    private var running: [String: Task<APIAnswer, Never>] = [:]

    init(store: RentalStore) { self.store = store }

    func run(keyID: Int, idempotencyKey: String, _ body: @escaping @Sendable () async -> APIAnswer) async -> APIAnswer {
        let slot = "\(keyID)\u{0}\(idempotencyKey)"
        if let task = running[slot] { return await task.value }
        if let stored = try? await store.idempotentAnswer(keyID: keyID, idempotencyKey: idempotencyKey) {
            return APIAnswer(status: stored.status, body: stored.body)
        }
        let task = Task { await body() }
        running[slot] = task
        let answer = await task.value
        running[slot] = nil
        try? await store.rememberAnswer(keyID: keyID, idempotencyKey: idempotencyKey, status: answer.status, body: answer.body)
        return answer
    }
}
