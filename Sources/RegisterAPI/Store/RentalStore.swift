/// Everything the Register API keeps: hashed API keys, rentals and their owners, the answers
/// of requests made with an `Idempotency-Key`, the webhook outbox and the miners' last `Specs`
/// answers. Two implementations: ``SQLiteRentalStore`` (one instance, the default) and
/// ``PostgresRentalStore`` (several instances behind a load balancer share it).
///
/// Every method is one statement or one transaction, so two instances never see a
/// half-written rental.
public protocol RentalStore: Sendable {
    // MARK: API keys

    /// Makes a key named `name`; returns the key text, which is not stored.
    func createKey(name: String, admin: Bool) async throws -> (key: String, record: APIKey)
    /// The live key whose text is `key`, if any.
    func authenticate(_ key: String) async throws -> APIKey?

    // MARK: Rentals

    /// Adds `rental`; fails when its miner already has a rental.
    func insert(_ rental: RentalRecord) async throws
    func rental(hotkey: String) async throws -> RentalRecord?
    /// Every rental `key` may see: its own, or all for an admin.
    func rentals(visibleTo key: APIKey) async throws -> [RentalRecord]
    func allRentals() async throws -> [RentalRecord]
    func delete(uuid: String) async throws
    /// Records one health check of `uuid`; returns whether it was online before and the
    /// consecutive failures now (nil when the rental is gone).
    func recordHealth(uuid: String, healthy: Bool) async throws -> (wasOnline: Bool, failures: Int)?

    // MARK: Allocations in flight

    /// Records that `pending` is about to be asked of its miner.
    func beginAllocation(_ pending: PendingAllocation) async throws
    /// The miner made it: `rental` replaces its pending row, in one transaction.
    func finishAllocation(_ rental: RentalRecord) async throws
    /// The allocation is known not to exist on the miner (refused, or released): forget it.
    func abandonAllocation(uuid: String) async throws
    /// Pending rows written before `before`: their instance died or gave up mid-call.
    func staleAllocations(before: Double) async throws -> [PendingAllocation]

    // MARK: Idempotency

    /// Claims (`keyID`, `idempotencyKey`) for this request, unless it was answered or another
    /// request (on any instance) holds it; a claim older than `staleAfter` seconds was left by
    /// an instance that died and is taken over.
    func claimIdempotency(keyID: Int, idempotencyKey: String, now: Double, staleAfter: Double) async throws -> IdempotencyClaim
    /// Stores the answer of a claimed request.
    func rememberAnswer(keyID: Int, idempotencyKey: String, status: Int, body: [UInt8]) async throws
    /// Forgets the answers and claims made before `before` (seconds since 1970); returns how many.
    func pruneIdempotency(before: Double) async throws -> Int

    // MARK: Webhook outbox

    func enqueueWebhook(url: String, body: String, now: Double) async throws
    /// Up to `limit` webhooks due at `now`, oldest first, each leased until `until`: no other
    /// call (on any instance) gets them before then, so two instances never send one twice.
    func leaseDueWebhooks(now: Double, until: Double, limit: Int) async throws -> [QueuedWebhook]
    func deleteWebhook(id: Int) async throws
    func rescheduleWebhook(id: Int, nextAt: Double, error: String) async throws
    func pendingWebhooks() async throws -> Int

    // MARK: Miner specs

    /// Keeps `specs` (the miner's `Specs` answer, JSON text) as the latest of `hotkey`.
    func saveSpecs(hotkey: String, specs: String, at: Double) async throws
    /// The latest `Specs` answer of every miner that gave one.
    func allSpecs() async throws -> [String: String]

    // MARK: Leadership

    /// The lock that elects the one instance running the health monitor and the outbox.
    func leaderLock() -> any LeaderLock

    /// How rental events reach the WebSocket clients of other instances sharing this store;
    /// nil when there is nothing to share them with.
    func eventRelay() -> (any RentalEventRelay)?
}

/// What ``RentalStore/claimIdempotency(keyID:idempotencyKey:now:staleAfter:)`` found.
public enum IdempotencyClaim: Sendable, Equatable {
    /// This request runs it and must store its answer.
    case claimed
    /// It ran before: its answer.
    case answered(status: Int, body: [UInt8])
    /// Another request is running it now.
    case inProgress
}

/// A webhook waiting in the outbox.
public struct QueuedWebhook: Sendable, Equatable {
    public var id: Int
    public var url: String
    public var body: String
    public var attempts: Int
    public var createdAt: Double

    public init(id: Int, url: String, body: String, attempts: Int, createdAt: Double) {
        self.id = id
        self.url = url
        self.body = body
        self.attempts = attempts
        self.createdAt = createdAt
    }
}
