import ProofOfGPU
import Subtensor

/// SN27 v2.2's sybil-check schedule (PoG2): in odd epochs each eligible validator gets a slot of
/// the epoch and, once a random few blocks into it, challenges every unallocated miner at once
/// under one deadline, so that one machine cannot answer for several hotkeys in turn.
///
/// The slot arithmetic is the reference's (`my_sybil_slot`): validators are the hotkeys staking
/// more than 10 000 TAO, sorted; ours is the slot at our index, `blocks_per_epoch / count` blocks
/// long; a validator outside that set takes slot 0 of `count + 1` (the reference's fallback,
/// whatever `allow_fake_sybil_slot` says). Where the reference could fail (`randint(1, 0)` when the
/// random delay bound is 0, a slot of 0 blocks when validators outnumber the epoch's blocks),
/// this plans nothing or clamps. What runs in the slot is our Proof-of-GPU, not PoG2's script.
public struct SybilSchedule: Sendable, Equatable {
    /// The reference's `validator_permit_stake` (10 000 TAO), in rao.
    public static let permitStakeRao = 10_000 * 1_000_000_000
    /// The shortest challenge the reference allows, in seconds.
    public static let minimumTimeoutSeconds = 60

    public let blocksPerEpoch: Int
    public let maxChallengeBlocks: Int
    public let randomDelayBlocksMax: Int
    public let eligibleHotkeys: Set<String>

    public init(_ config: SubnetConfig) {
        blocksPerEpoch = max(1, config.blocksPerEpoch)
        maxChallengeBlocks = max(0, config.maxChallengeBlocks)
        randomDelayBlocksMax = max(0, config.randomDelayBlocksMax)
        eligibleHotkeys = Set(config.sybilEligibleHotkeys)
    }

    /// One planned sybil check: its epoch, the slot's first and last block, and the last block
    /// at which it may still start (the slot's end less the longest challenge).
    public struct Plan: Sendable, Equatable {
        public var epoch: Int
        public var slot: ClosedRange<Int>
        public var latestStart: Int
    }

    /// The hotkeys that hold a slot: stake above the permit, sorted as Python sorts strings.
    public static func validators(in metagraph: Metagraph) -> [String] {
        metagraph.neurons.filter { $0.stake > permitStakeRao }.map(\.hotkey).sorted { Array($0.utf8).lexicographicallyPrecedes($1.utf8) }
    }

    public func epoch(at block: Int) -> Int { max(0, block) / blocksPerEpoch }

    /// Odd epochs are the sybil check's; even ones the legacy PoG's.
    public func isSybilEpoch(_ epoch: Int) -> Bool { epoch % 2 == 1 }

    /// `me`'s slot in `epoch`; nil when slots would be shorter than one block.
    public func slot(epoch: Int, validators: [String], me: String) -> ClosedRange<Int>? {
        let (count, index) = validators.firstIndex(of: me).map { (validators.count, $0) } ?? (validators.count + 1, 0)
        let size = blocksPerEpoch / count
        guard size > 0, epoch >= 0, epoch <= (Int.max - blocksPerEpoch) / blocksPerEpoch else { return nil }
        let start = epoch * blocksPerEpoch + index * size
        return start...(start + size - 1)
    }

    /// The check to start at `block`, if any: `me` is eligible, the epoch is a sybil epoch not
    /// yet checked (`lastEpoch`), the slot has begun and leaves room for a whole challenge.
    public func plan(block: Int, validators: [String], me: String, lastEpoch: Int?) -> Plan? {
        guard eligibleHotkeys.contains(me) else { return nil }
        let epoch = epoch(at: block)
        guard isSybilEpoch(epoch), epoch != lastEpoch, let slot = slot(epoch: epoch, validators: validators, me: me) else { return nil }
        let latestStart = slot.upperBound - maxChallengeBlocks
        guard slot.contains(block), block < latestStart else { return nil }
        return Plan(epoch: epoch, slot: slot, latestStart: latestStart)
    }

    /// The blocks to wait before challenging: 1 … min(the delay bound, blocks left before the
    /// latest start), drawn with `generator`, so miners cannot know the moment in advance.
    public func delayBlocks<G: RandomNumberGenerator>(_ plan: Plan, block: Int, using generator: inout G) -> Int {
        let upper = max(1, min(randomDelayBlocksMax, plan.latestStart - block))
        return Int.random(in: 1...upper, using: &generator)
    }

    /// The challenge's shared deadline: the longest challenge, or what is left of the slot after
    /// the delay if less, in 12-second blocks, and never under a minute (the reference's rule).
    public func timeoutSeconds(_ plan: Plan, delayBlocks: Int) -> Int {
        let slotSize = plan.slot.upperBound - plan.slot.lowerBound
        let blocks = min(maxChallengeBlocks, max(0, slotSize - delayBlocks))
        return max(Self.minimumTimeoutSeconds, blocks * 12)
    }
}
