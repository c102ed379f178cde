/// What the Register API reads of a validator's Proof-of-GPU results, declared here so the API
/// needs nothing of the validator: `nicompute api --validator.store` adapts the validator's
/// store, opened read-only, and the API never writes to it.
public protocol ProofOfGPUResults: Sendable {
    /// The newest passing result per hotkey: what a miner is listed and rented as.
    func latestVerified() async throws -> [String: VerifiedDevice]
    /// The newest result per hotkey, passing or not.
    func latestResults() async throws -> [String: ProofOfGPUResult]
    /// A miner's results, newest first, at most `limit`.
    func history(hotkey: String, limit: Int) async throws -> [ProofOfGPUResult]
}

/// A miner's device as its newest passing test identified it.
public struct VerifiedDevice: Sendable, Equatable {
    public var device: String
    public var count: Int
    public var score: Double
    /// Unix time of the test.
    public var at: Double

    public init(device: String, count: Int, score: Double, at: Double) {
        self.device = device
        self.count = count
        self.score = score
        self.at = at
    }
}

/// One Proof-of-GPU test of a miner.
public struct ProofOfGPUResult: Sendable, Equatable {
    public var passed: Bool
    public var device: String?
    public var count: Int?
    public var score: Double
    public var reason: String?
    public var elapsedSeconds: Double
    /// Unix time of the test.
    public var at: Double

    public init(passed: Bool, device: String?, count: Int?, score: Double, reason: String?, elapsedSeconds: Double, at: Double) {
        self.passed = passed
        self.device = device
        self.count = count
        self.score = score
        self.reason = reason
        self.elapsedSeconds = elapsedSeconds
        self.at = at
    }
}
