import Timelock

/// The drand round a commit is encrypted to: the round published by the time the chain reaches
/// the reveal block plus a margin, so that the pulse is on chain when the reveal step looks.
///
/// `round = ⌊(now + (revealBlock + 3 − currentBlock) · blockTime − genesis) / period⌋`, at least 1,
/// as bittensor-drand computes it (SDK 10). Times are in milliseconds so nothing converts a
/// floating-point value from outside into an integer that could trap.
public enum RevealRound {
    /// Blocks added to the reveal block so the pulse has been ingested.
    public static let securityBlocks: UInt64 = 3

    public static func round(
        revealBlock: UInt64, currentBlock: UInt64, blockMilliseconds: UInt64, nowMilliseconds: UInt64,
        chain: DrandChain
    ) -> UInt64 {
        let blocks = revealBlock.addingSaturating(securityBlocks).subtractingSaturating(currentBlock)
        let target = nowMilliseconds.addingSaturating(blocks.multipliedSaturating(by: blockMilliseconds))
        let genesis = chain.genesisTime.multipliedSaturating(by: 1_000)
        let period = chain.period.multipliedSaturating(by: 1_000)
        return max(1, target.subtractingSaturating(genesis) / period)
    }

    /// The legacy computation of bittensor-commit-reveal 0.2.0 (SDK 9.0.0's `commit_crv3_weights`)
    /// for chains that reveal at the end of the commit's last epoch: the first block of epoch
    /// `current + period` on modulo epochs, then 24 rounds earlier, with whole seconds. A reveal
    /// block one block away or less moves one epoch on.
    public static func legacyRound(
        currentBlock: UInt64, netuid: UInt16, tempo: UInt16, revealPeriod: UInt64,
        blockSeconds: UInt64, nowSeconds: UInt64, chain: DrandChain
    ) -> UInt64 {
        var period = revealPeriod
        var revealBlock = EpochSchedule.moduloFirstRevealBlock(
            currentBlock: currentBlock, netuid: netuid, tempo: tempo, revealPeriod: period)
        while revealBlock.subtractingSaturating(currentBlock).multipliedSaturating(by: blockSeconds) < 72,
            revealBlock.subtractingSaturating(currentBlock) <= 1, period < 1_000
        {
            period += 1
            revealBlock = EpochSchedule.moduloFirstRevealBlock(
                currentBlock: currentBlock, netuid: netuid, tempo: tempo, revealPeriod: period)
        }
        let revealTime = nowSeconds.addingSaturating(revealBlock.subtractingSaturating(currentBlock).multipliedSaturating(by: blockSeconds))
        let elapsed = revealTime.subtractingSaturating(chain.genesisTime)
        let rounds = elapsed / chain.period + (elapsed % chain.period == 0 ? 0 : 1)
        return max(1, rounds.subtractingSaturating(24))
    }
}
