import Logging
import Subtensor

/// Follows the validator's timelocked weights after the commit: the chain applies them by itself
/// in the reveal epoch, so the validator checks afterwards that what it committed is what the
/// chain now holds, and says so in its log (or warns when they never appear).
actor TimelockedWeightsWatch {
    struct Expectation: Equatable {
        var round: UInt64
        var revealBlock: Int
        /// uid → u16 weight, scaled so the largest is 65 535 (as the chain stores them).
        var weights: [Int: Int]
    }

    /// Blocks after the reveal block after which missing weights are reported: longer than a
    /// live epoch (361 blocks), so the whole reveal epoch is waited out.
    static let patienceBlocks = 400

    private(set) var pending: Expectation?

    func expect(round: UInt64, revealBlock: Int, uids: [Int], weights: [Double]) {
        guard let (normalizedUIDs, values) = try? WeightCommitment.normalize(uids: uids, weights: weights) else { return }
        pending = Expectation(
            round: round, revealBlock: revealBlock,
            weights: Dictionary(zip(normalizedUIDs.map(Int.init), values.map(Int.init)), uniquingKeysWith: { $1 }))
    }

    /// Compares the chain's weights of `validatorUID` with the pending expectation once the
    /// reveal block has passed.
    func check(chain: any SubnetChain, netuid: Int, validatorUID: Int, logger: Logger) async {
        guard let expected = pending else { return }
        do {
            let block = try await chain.currentBlock()
            guard block >= expected.revealBlock else { return }
            let onChain = Dictionary(
                try await chain.weights(netuid: netuid, validatorUID: validatorUID).map { ($0.uid, $0.weight) },
                uniquingKeysWith: { $1 })
            let matches =
                onChain.keys.sorted() == expected.weights.keys.sorted()
                && expected.weights.allSatisfy { uid, value in abs((onChain[uid] ?? -10) - value) <= 1 }
            if matches {
                logger.info("validator: the weights timelocked to drand round \(expected.round) are on chain (\(onChain.count) uids)")
                pending = nil
            } else if block > expected.revealBlock + Self.patienceBlocks {
                logger.warning(
                    "validator: the weights timelocked to drand round \(expected.round) did not appear by block \(block) (reveal from block \(expected.revealBlock)); the chain dropped the commit or another replaced it"
                )
                pending = nil
            }
        } catch {
            logger.warning("validator: could not check the revealed weights: \(error)")
        }
    }
}
