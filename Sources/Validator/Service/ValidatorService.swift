import BittensorCrypto
import BittensorNetwork
import ComputeProtocol
import Foundation
import Logging
import Subtensor

/// A running validator, scheduled by the chain's blocks as the reference: a PoG round every
/// `pogIntervalBlocks` (after a random delay), the metagraph every few blocks, weights every
/// `weightsIntervalBlocks` and after each round. A round never blocks the loop; tests run in a
/// bounded pool, each with its own deadline. At start it first releases any test container a
/// previous run left allocated.
public struct ValidatorService: Sendable {
    public let configuration: ValidatorConfiguration
    public let hotkey: Keypair
    public let chain: any SubnetChain
    /// What the validator's `/metrics` serves (its tests, rounds, weights and subnet policy).
    public let metrics = ValidatorMetrics()
    let weightsWatch = TimelockedWeightsWatch()
    /// The v2.2 weights policy in force (pinned, or as last polled).
    public let subnetPolicy: SubnetPolicy
    private let logger: Logger

    public init(configuration: ValidatorConfiguration, hotkey: Keypair, chain: any SubnetChain, logger: Logger = Logger(label: "validator")) {
        self.configuration = configuration
        self.hotkey = hotkey
        self.chain = chain
        self.logger = logger
        subnetPolicy = SubnetPolicy(configuration.subnetConfig)
    }

    public struct StartupError: Error, CustomStringConvertible {
        public let description: String
    }

    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let config = configuration
        let store = try ValidatorStore(path: config.storePath)
        let worker = try WorkerBinary(path: config.workerPath)
        let metagraph = try await chain.metagraph(netuid: config.netuid)
        guard metagraph.neuron(hotkey: hotkey.ss58Address) != nil else {
            throw StartupError(description: "hotkey \(hotkey.ss58Address) is not registered on subnet \(config.netuid); register it first (nicompute subnet register)")
        }
        // The reference's validator calls with the SDK's own dendrite (bittensor 9.0.0's version).
        let dendrite = Dendrite(keypair: hotkey)
        let runner = PoGRunner(settings: config.pog, dendrite: dendrite, worker: worker, ledger: store)
        await releaseLeftovers(store: store, runner: runner)
        logger.info("validator: worker sha256 \(worker.sha256.prefix(16))…, \(metagraph.neurons.count) neurons on subnet \(config.netuid)")

        // The reference's version beacon: miners read a validator's version from its
        // Prometheus record on chain.
        do {
            try await chain.servePrometheus(netuid: config.netuid, hotkey: hotkey.ss58Address,
                                            prometheus: PrometheusInfo(ip: "127.0.0.1", port: config.metricsPort, version: ComputeVersion.asInt))
        } catch {
            logger.warning("validator: could not publish the version on chain: \(error)")
        }
        let axon = Axon(keypair: hotkey, configuration: AxonConfiguration(host: config.metricsHost, port: config.metricsPort, version: ComputeVersion.asInt),
                        metrics: metrics.registry)
        subnetPolicy.export(to: metrics.registry)
        let pinned = subnetPolicy.current
        logger.info("validator: subnet config: miners get \(pinned.totalMinerEmission * 100) % over \(pinned.gpuWeights.count) GPU models, the rest burned\(config.subnetConfigURL.map { "; polling \($0) every 60 s" } ?? "")")
        let schedule = ValidatorSchedule(service: self, store: store, runner: runner, metagraph: metagraph)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await axon.run(onListening: onListening) }
            group.addTask { try await schedule.run() }
            if let url = config.subnetConfigURL {
                group.addTask { [subnetPolicy, logger] in await subnetPolicy.poll(url: url, devnet: config.pog.devnet, logger: logger) }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Releases test containers an earlier run (or round) could not: at start and before
    /// each round.
    func releaseLeftovers(store: ValidatorStore, runner: PoGRunner) async {
        for (target, publicKey) in (try? await store.pendingTestAllocations()) ?? [] {
            logger.info("validator: releasing the test container left on uid \(target.uid) by a previous run")
            await runner.release(target, publicKey: publicKey)
        }
    }

    // MARK: - One round

    /// Tests every queryable miner, at most `maximumConcurrentTests` at once, retrying
    /// transient failures; records every outcome. A sybil-slot round (`sharedDeadline`) starts
    /// every test at once, without retries, each ending by that deadline, as v2.2's check does.
    func round(targets: [MinerTarget], runner: PoGRunner, store: ValidatorStore, sharedDeadline: Duration? = nil) async -> [PoGOutcome] {
        let config = configuration
        await releaseLeftovers(store: store, runner: runner)
        var outcomes = [PoGOutcome]()
        await withTaskGroup(of: PoGOutcome.self) { group in
            var pending = targets.makeIterator()
            var running = 0
            func startNext() -> Bool {
                guard let target = pending.next() else { return false }
                if let sharedDeadline {
                    group.addTask { await runner.test(target, timeout: sharedDeadline) }
                } else {
                    group.addTask { await testWithRetries(target, runner: runner, retryLimit: config.retryLimit, interval: config.retryInterval) }
                }
                return true
            }
            let concurrency = sharedDeadline == nil ? config.maximumConcurrentTests : targets.count
            while running < concurrency, startNext() { running += 1 }
            while let outcome = await group.next() {
                outcomes.append(outcome)
                metrics.record(outcome)
                do { try await store.record(outcome) } catch { logger.warning("validator: could not record uid \(outcome.target.uid): \(error)") }
                if !startNext() { running -= 1 }
            }
        }
        metrics.roundFinished()
        return outcomes
    }

    private func testWithRetries(_ target: MinerTarget, runner: PoGRunner, retryLimit: Int, interval: Duration) async -> PoGOutcome {
        var outcome = await runner.test(target)
        var attempts = 1
        while case let .failed(failure) = outcome.result, failure.isTransient, attempts <= retryLimit, !Task.isCancelled {
            try? await Task.sleep(for: interval)
            outcome = await runner.test(target)
            attempts += 1
        }
        return outcome
    }

    // MARK: - Weights

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
    func setWeights(metagraph: Metagraph, store: ValidatorStore) async {
        do {
            let miners = metagraph.neurons.filter { $0.hotkey != hotkey.ss58Address }.map { (uid: $0.uid, hotkey: $0.hotkey) }
            let verified = try await store.latestVerified()
            let scores = WeightPlan.scores(miners: miners, verified: verified, penalized: configuration.penalizedHotkeys)
            try await store.writeStats(miners.map { miner in
                ValidatorStore.Stat(uid: miner.uid, hotkey: miner.hotkey, device: verified[miner.hotkey]?.device,
                                    count: verified[miner.hotkey]?.count, score: scores[miner.uid] ?? 0, allocated: false)
            })
            // v2.2: the subnet owner's uid takes what miners are not given (all of it under --validator.burn).
            guard let owner = try await chain.subnetOwnerHotkey(netuid: configuration.netuid),
                  let ownerUID = metagraph.neuron(hotkey: owner)?.uid else {
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
            let submission = try await chain.setWeights(netuid: configuration.netuid, hotkey: hotkey.ss58Address, uids: plan.uids,
                                                        weights: plan.weights, versionKey: ComputeVersion.asInt)
            metrics.weightsSet()
            switch submission {
            case .set: break
            case let .hashCommitted(epoch):
                logger.info("validator: weights committed as a hash; revealed in epoch \(epoch)")
            case let .timelocked(round, block, version):
                logger.info("validator: weights committed, timelocked to drand round \(round) (commit-reveal v\(version)); the chain applies them from block \(block)")
                await weightsWatch.expect(round: round, revealBlock: block, uids: plan.uids, weights: plan.weights)
            }
            logger.info("validator: weights \(submission == .set ? "set" : "committed") on \(plan.uids.count) uids: \(zip(plan.uids, plan.weights).map { "\($0)=\(String(format: "%.3f", $1))" }.joined(separator: " "))")
        } catch {
            logger.info("validator: weights not set: \(error)")
        }
    }
}
