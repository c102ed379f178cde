/// What a validator needs to know about a subnet before setting weights.
public struct SubnetHyperparameters: Sendable, Equatable, Codable {
    public var netuid: Int
    /// Blocks per epoch.
    public var tempo: Int
    /// Blocks a hotkey must wait between weight settings (or commits).
    public var weightsRateLimit: Int
    /// The lowest `version_key` the chain accepts with weights.
    public var weightsVersionKey: Int
    public var commitRevealEnabled: Bool
    /// Epochs between a commit and its reveal.
    public var commitRevealPeriod: Int
    /// The chain's commit-reveal version (3 and up: timelocked, drand); nil when the runtime
    /// has no such item (hash commit-reveal only).
    public var commitRevealVersion: Int?

    public init(
        netuid: Int, tempo: Int, weightsRateLimit: Int, weightsVersionKey: Int, commitRevealEnabled: Bool,
        commitRevealPeriod: Int, commitRevealVersion: Int?
    ) {
        self.netuid = netuid
        self.tempo = tempo
        self.weightsRateLimit = weightsRateLimit
        self.weightsVersionKey = weightsVersionKey
        self.commitRevealEnabled = commitRevealEnabled
        self.commitRevealPeriod = commitRevealPeriod
        self.commitRevealVersion = commitRevealVersion
    }

    /// Whether weights must go through timelocked commit-reveal (drand; version 3 and up).
    public var requiresTimelockedCommitReveal: Bool { commitRevealEnabled && (commitRevealVersion ?? 0) >= 3 }
}
