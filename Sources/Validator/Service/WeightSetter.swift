import BittensorCrypto
import ComputeProtocol
import Logging
import Subtensor

/// Scores miners from their latest verified results and puts the weights on chain as v2.2 does
/// (capped by GPU, the rest on the subnet owner's uid; all of it under `--validator.burn`), by
/// whichever commit scheme the chain asks for; reveals hash commits and watches timelocked ones
/// land.
struct WeightSetter: Sendable {
    let configuration: ValidatorConfiguration
    let hotkey: Keypair
    let chain: any SubnetChain
    let store: ValidatorStore
    let subnetPolicy: SubnetPolicy
    let metrics: ValidatorMetrics
    let weightsWatch: TimelockedWeightsWatch
    let logger: Logger

    /// Reveals the hash-committed weights whose reveal epoch has come, and checks that weights
    /// timelocked earlier are now on chain.
    func revealWeights(metagraph: Metagraph) async {
        do {
            if try await chain.revealPendingWeights(netuid: configuration.netuid) {
                logger.info("validator: committed weights revealed")
            }
        } catch {
            logger.warning("validator: committed weights not revealed: \(error)")
        }
        if let uid = metagraph.neuron(hotkey: hotkey.ss58Address)?.uid {
            await weightsWatch.check(chain: chain, netuid: configuration.netuid, validatorUID: uid, logger: logger)
        }
    }

    /// Scores every miner from its latest verified result and sets the weights (or burns).
    func setWeights(metagraph: Metagraph) async {
        do {
            let miners = metagraph.neurons.filter { $0.hotkey != hotkey.ss58Address }.map { (uid: $0.uid, hotkey: $0.hotkey) }
            let verified = try await store.latestVerified()
            let scores = WeightPlan.scores(miners: miners, verified: verified, penalized: configuration.penalizedHotkeys)
            try await store.writeStats(
                miners.map { miner in
                    ValidatorStore.Stat(
                        uid: miner.uid, hotkey: miner.hotkey, device: verified[miner.hotkey]?.device,
                        count: verified[miner.hotkey]?.count, score: scores[miner.uid] ?? 0, allocated: false)
                })
            // v2.2: the subnet owner's uid takes what miners are not given (all of it under --validator.burn).
            guard let owner = try await chain.subnetOwnerHotkey(netuid: configuration.netuid),
                let ownerUID = metagraph.neuron(hotkey: owner)?.uid
            else {
                logger.warning("validator: the subnet owner is not a neuron, so there is no burn uid; weights not set")
                return
            }
            let plan: WeightPlan
            if configuration.burn {
                plan = .burn(ownerUID: ownerUID)
            } else {
                let scored = metagraph.neurons.map { neuron in
                    WeightPlan.ScoredMiner(uid: neuron.uid, device: verified[neuron.hotkey]?.device, score: scores[neuron.uid] ?? 0)
                }
                plan = .cappedByGPU(uids: metagraph.neurons.map(\.uid), miners: scored, config: subnetPolicy.current, burnUID: ownerUID)
            }
            guard !plan.uids.isEmpty else {
                logger.info("validator: no miner has a verified score yet; weights not set")
                return
            }
            let submission = try await chain.setWeights(
                netuid: configuration.netuid, hotkey: hotkey.ss58Address, uids: plan.uids,
                weights: plan.weights, versionKey: ComputeVersion.asInt)
            metrics.weightsSet()
            switch submission {
            case .set: break
            case let .hashCommitted(epoch):
                logger.info("validator: weights committed as a hash; revealed in epoch \(epoch)")
            case let .timelocked(round, block, version):
                logger.info(
                    "validator: weights committed, timelocked to drand round \(round) (commit-reveal v\(version)); the chain applies them from block \(block)"
                )
                await weightsWatch.expect(round: round, revealBlock: block, uids: plan.uids, weights: plan.weights)
            }
            logger.info(
                "validator: weights \(submission == .set ? "set" : "committed") on \(plan.uids.count) uids: \(zip(plan.uids, plan.weights).map { "\($0)=\(String(format: "%.3f", $1))" }.joined(separator: " "))"
            )
        } catch {
            logger.info("validator: weights not set: \(error)")
        }
    }
}
