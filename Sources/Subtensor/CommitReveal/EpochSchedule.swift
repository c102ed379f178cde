/// When subtensor will reveal a timelocked commit: the first block whose epoch, as the reveal
/// step counts it, is the commit's epoch plus the reveal period.
///
/// Two chain generations count epochs differently, and the client must predict the one it talks
/// to:
/// - **Stateful epochs** (runtimes with `SubnetEpochIndex`, the live chain since late 2025): an
///   epoch runs when a pending epoch is due, when `BlocksSinceLastStep` exceeds the maximum
///   tempo, or when `tempo` blocks passed since `LastEpochBlock`. The prediction replays that
///   rule block by block, as bittensor-drand 2.0.0 (`predict_first_reveal_block`) does.
/// - **Modulo epochs** (older runtimes): epoch = (block + netuid + 1) / (tempo + 1).
public enum EpochSchedule {
    /// The chain's maximum tempo (about 7 days of blocks); also bounds the replay.
    public static let maximumTempo: UInt64 = 50_400
    /// The extrinsic lands in the block after the head the client read.
    static let inclusionOffset: UInt64 = 1

    /// What the client reads from storage for the prediction.
    public struct State: Sendable, Equatable {
        public var lastEpochBlock: UInt64
        public var pendingEpochAt: UInt64
        public var epochIndex: UInt64
        public var tempo: UInt16
        public var blocksSinceLastStep: UInt64
        public var currentBlock: UInt64

        public init(
            lastEpochBlock: UInt64, pendingEpochAt: UInt64, epochIndex: UInt64, tempo: UInt16,
            blocksSinceLastStep: UInt64, currentBlock: UInt64
        ) {
            self.lastEpochBlock = lastEpochBlock
            self.pendingEpochAt = pendingEpochAt
            self.epochIndex = epochIndex
            self.tempo = tempo
            self.blocksSinceLastStep = blocksSinceLastStep
            self.currentBlock = currentBlock
        }

        func shouldRunEpoch(at block: UInt64) -> Bool {
            guard tempo > 0 else { return false }
            if pendingEpochAt > 0, block >= pendingEpochAt { return true }
            if blocksSinceLastStep > EpochSchedule.maximumTempo { return true }
            return block.subtractingSaturating(lastEpochBlock) >= UInt64(tempo)
        }

        /// The epoch the reveal step (which runs before the block's coinbase) sees at `block`.
        func epochBeforeCoinbase(at block: UInt64) -> UInt64 {
            shouldRunEpoch(at: block) ? epochIndex.addingSaturating(1) : epochIndex
        }

        /// The state after `block`'s coinbase.
        func afterCoinbase(at block: UInt64) -> State {
            var next = self
            next.blocksSinceLastStep = blocksSinceLastStep.addingSaturating(1)
            next.currentBlock = block
            if next.shouldRunEpoch(at: block) {
                next.lastEpochBlock = block
                next.pendingEpochAt = 0
                next.epochIndex = epochIndex.addingSaturating(1)
                next.blocksSinceLastStep = 0
            }
            return next
        }
    }

    public enum PredictionError: Error, Equatable, Sendable, CustomStringConvertible {
        case tempoIsZero
        case beyondReplayBound(UInt64)

        public var description: String {
            switch self {
            case .tempoIsZero: "the subnet's tempo is 0: it runs no epochs, so no commit is ever revealed"
            case .beyondReplayBound(let blocks): "no reveal block within \(blocks) blocks of replay (reveal period too long?)"
            }
        }
    }

    /// The first block in which a commit sent now will be revealed, on stateful epochs.
    public static func firstRevealBlock(from head: State, revealPeriod: UInt64) throws(PredictionError) -> UInt64 {
        guard head.tempo > 0 else { throw .tempoIsZero }
        let extrinsicBlock = head.currentBlock.addingSaturating(inclusionOffset)
        var state = head
        var block = head.currentBlock.addingSaturating(1)
        while block < extrinsicBlock {
            state = state.afterCoinbase(at: block)
            block += 1
        }
        let target = state.epochBeforeCoinbase(at: extrinsicBlock).addingSaturating(revealPeriod)
        let bound = revealPeriod.multipliedSaturating(by: maximumTempo).addingSaturating(maximumTempo)
        var candidate = extrinsicBlock
        while candidate <= extrinsicBlock.addingSaturating(bound) {
            if state.epochBeforeCoinbase(at: candidate) == target { return candidate }
            state = state.afterCoinbase(at: candidate)
            guard candidate < .max else { break }
            candidate += 1
        }
        throw .beyondReplayBound(bound)
    }

    /// The first block of epoch `current + revealPeriod` on modulo epochs, as bittensor-drand 1.x
    /// computes it (saturating, as there).
    public static func moduloFirstRevealBlock(currentBlock: UInt64, netuid: UInt16, tempo: UInt16, revealPeriod: UInt64) -> UInt64 {
        let span = UInt64(tempo) + 1
        let offset = UInt64(netuid) + 1
        let epoch = currentBlock.addingSaturating(offset) / span
        return epoch.addingSaturating(revealPeriod).multipliedSaturating(by: span).subtractingSaturating(offset)
    }
}

extension UInt64 {
    func addingSaturating(_ other: UInt64) -> UInt64 {
        let (value, overflow) = addingReportingOverflow(other)
        return overflow ? .max : value
    }

    func subtractingSaturating(_ other: UInt64) -> UInt64 { self > other ? self - other : 0 }

    func multipliedSaturating(by other: UInt64) -> UInt64 {
        let (value, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? .max : value
    }
}
