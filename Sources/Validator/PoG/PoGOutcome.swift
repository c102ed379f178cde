import ComputeProtocol

/// The result of one miner's Proof-of-GPU round.
public struct PoGOutcome: Sendable, Equatable {
    public enum Result: Sendable, Equatable {
        /// Verified: the identified device, how many, and the score they earn.
        case passed(device: String, count: Int, score: Double)
        case failed(PoGFailure)
        /// The miner is allocated (rented): not tested, it keeps its last verified score.
        case busy
    }

    public var target: MinerTarget
    public var result: Result
    public var elapsedSeconds: Double

    public init(target: MinerTarget, result: Result, elapsedSeconds: Double) {
        self.target = target
        self.result = result
        self.elapsedSeconds = elapsedSeconds
    }
}
