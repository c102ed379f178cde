import BittensorCrypto
import BittensorNetwork
import Foundation
import Logging
import Subtensor

/// The validator's block-driven loop, as the reference schedules it: a PoG round every
/// `pogIntervalBlocks` (after a random delay), the metagraph every few blocks, weights every
/// `weightsIntervalBlocks` and after each round, hash-commit reveals, and v2.2's sybil slot.
/// Rounds run as child tasks of a discarding group, so the loop keeps refreshing the metagraph
/// and setting weights while miners are tested, and finished rounds leave nothing behind.
struct ValidatorSchedule: Sendable {
    let configuration: ValidatorConfiguration
    let chain: any SubnetChain
    let hotkey: Keypair
    let subnetPolicy: SubnetPolicy
    let store: ValidatorStore
    let round: ProofOfGPURound
    let weights: WeightSetter
    let metagraph: Metagraph
    private let logger = Logger(label: "validator.schedule")
    /// How often hash commits are checked for their reveal epoch. A commit is revealed only
    /// within one epoch (tempo + 1 blocks, 361 on most subnets), which setting weights alone
    /// may not fall in when its interval is longer; checking costs one storage read while a
    /// commit waits, nothing otherwise.
    static let revealCheckBlocks = 10

    func run() async throws {
        let config = configuration
        let state = ScheduleState(metagraph: metagraph)
        try await withThrowingDiscardingTaskGroup { group in
            while !Task.isCancelled {
                let block: Int
                do { block = try await chain.currentBlock() } catch {
                    logger.warning("validator: chain unreachable: \(error)")
                    try await Task.sleep(for: config.tick)
                    continue
                }
                if await state.due(.metagraph, at: block, every: config.metagraphIntervalBlocks) {
                    do {
                        let fresh = try await chain.metagraph(netuid: config.netuid)
                        await state.setMetagraph(fresh)
                        try await store.syncMiners(fresh.neurons.map { (uid: $0.uid, hotkey: $0.hotkey) })
                    } catch {
                        logger.warning("validator: metagraph refresh failed: \(error)")
                    }
                }
                if await !state.roundRunning, await state.due(.round, at: block, every: config.pogIntervalBlocks) {
                    await state.setRoundRunning(true)
                    let targets = config.filter.queryable(await state.metagraph)
                    group.addTask {
                        let delay = Double.random(in: 0...max(0, config.maximumRandomDelay.seconds))
                        logger.info("validator: PoG round at block \(block) for \(targets.count) miners, starting in \(Int(delay)) s")
                        try await Task.sleep(for: .seconds(delay))
                        let outcomes = await round.run(targets: targets)
                        let passed = outcomes.filter { if case .passed = $0.result { true } else { false } }.count
                        logger.info("validator: PoG round done: \(passed) of \(outcomes.count) passed")
                        await weights.setWeights(metagraph: await state.metagraph)
                        await state.setRoundRunning(false)
                    }
                }
                if let plan = await sybilPlan(at: block, state: state) {
                    group.addTask { await runSybilCheck(plan, startedAt: block, state: state) }
                }
                if await state.due(.weights, at: block, every: config.weightsIntervalBlocks, startingLater: true) {
                    await weights.setWeights(metagraph: await state.metagraph)
                }
                if await state.due(.reveal, at: block, every: Self.revealCheckBlocks) {
                    await weights.revealWeights(metagraph: await state.metagraph)
                }
                try await Task.sleep(for: config.tick)
            }
            group.cancelAll()
        }
    }
}

extension ValidatorSchedule {
    /// v2.2's sybil check due at `block`, if this validator is eligible; claims the epoch and
    /// the round slot when so. A round still running at the slot skips the epoch's check, as
    /// in the reference.
    func sybilPlan(at block: Int, state: ScheduleState) async -> SybilSchedule.Plan? {
        let schedule = SybilSchedule(subnetPolicy.current)
        let me = hotkey.ss58Address
        guard
            let plan = schedule.plan(
                block: block, validators: SybilSchedule.validators(in: await state.metagraph), me: me,
                lastEpoch: await state.lastSybilEpoch)
        else { return nil }
        guard await state.claimSybil(epoch: plan.epoch) else {
            logger.info("validator: sybil check of epoch \(plan.epoch) skipped: a round is still running in the slot")
            return nil
        }
        return plan
    }

    /// Waits the random delay, then tests every queryable miner at once under the slot's shared
    /// deadline (allocated miners answer busy and keep their scores), and sets weights.
    func runSybilCheck(_ plan: SybilSchedule.Plan, startedAt block: Int, state: ScheduleState) async {
        let config = configuration
        let schedule = SybilSchedule(subnetPolicy.current)
        var generator = SystemRandomNumberGenerator()
        let delay = schedule.delayBlocks(plan, block: block, using: &generator)
        let timeout = schedule.timeoutSeconds(plan, delayBlocks: delay)
        logger.info(
            "validator: sybil check of epoch \(plan.epoch) in blocks \(plan.slot.lowerBound)–\(plan.slot.upperBound): in \(delay) blocks, \(timeout) s for every miner at once"
        )
        try? await Task.sleep(for: .seconds(Double(delay) * config.blockSeconds))
        let targets = config.filter.queryable(await state.metagraph)
        let outcomes = await round.run(targets: targets, sharedDeadline: .seconds(timeout))
        let passed = outcomes.filter { if case .passed = $0.result { true } else { false } }.count
        logger.info("validator: sybil check of epoch \(plan.epoch) done: \(passed) of \(outcomes.count) passed")
        await weights.setWeights(metagraph: await state.metagraph)
        await state.setRoundRunning(false)
    }
}

/// What the loop remembers between ticks.
actor ScheduleState {
    var metagraph: Metagraph
    var roundRunning = false
    /// The last epoch whose sybil check was started or skipped.
    var lastSybilEpoch: Int?
    private var next: [Job: Int] = [:]

    enum Job: Hashable { case metagraph, round, weights, reveal }

    init(metagraph: Metagraph) { self.metagraph = metagraph }

    func setMetagraph(_ metagraph: Metagraph) { self.metagraph = metagraph }
    func setRoundRunning(_ running: Bool) { roundRunning = running }

    /// Marks `epoch`'s sybil check as handled; true (and the round slot taken) when no round
    /// is running.
    func claimSybil(epoch: Int) -> Bool {
        lastSybilEpoch = epoch
        guard !roundRunning else { return false }
        roundRunning = true
        return true
    }

    /// Whether `job` is due at `block`, and if so schedules it `every` blocks later. A job
    /// first runs at once, or one period in when `startingLater`.
    func due(_ job: Job, at block: Int, every: Int, startingLater: Bool = false) -> Bool {
        guard let due = next[job] else {
            next[job] = block + every
            return !startingLater
        }
        guard block >= due else { return false }
        next[job] = block + every
        return true
    }
}
