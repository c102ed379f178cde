/// A hash commit waiting for its reveal epoch: what the reveal must carry (the chain keeps only
/// the hash) and where it belongs.
struct PendingReveal: Sendable, Codable, Equatable {
    var netuid: Int
    /// The committing hotkey (SS58); only its own client reveals it.
    var hotkey: String
    /// The chain's genesis hash (hex), so a journal carried to another chain is never revealed there.
    var genesisHash: String
    var uids: [UInt16]
    var values: [UInt16]
    /// Random per commit, so it also tells commits apart.
    var salt: [UInt16]
    var versionKey: UInt64
    /// The one epoch in which the chain accepts the reveal.
    var revealEpoch: Int
    /// Reveals the chain refused so far; the commit is given up after
    /// ``SubtensorClient/maximumRevealAttempts``.
    var failedAttempts: Int = 0
}
