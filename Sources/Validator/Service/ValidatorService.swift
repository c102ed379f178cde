import BittensorCrypto
import BittensorNetwork
import ComputeProtocol
import Foundation
import Logging
import Subtensor

/// A running validator: the composition root. ``run(onListening:)`` opens the store and the
/// worker, checks the hotkey is registered, releases test containers a previous run left,
/// publishes the version, and runs three things side by side: the `/metrics` axon, the
/// block-driven ``ValidatorSchedule`` (which calls ``ProofOfGPURound`` and ``WeightSetter``),
/// and, when asked, the subnet config poll.
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

    public init(configuration: ValidatorConfiguration, hotkey: Keypair, chain: any SubnetChain, logger: Logger = Logger(label: "validator"))
    {
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
            throw StartupError(
                description:
                    "hotkey \(hotkey.ss58Address) is not registered on subnet \(config.netuid); register it first (nicompute subnet register)"
            )
        }
        // The reference's validator calls with the SDK's own dendrite (bittensor 9.0.0's version).
        let dendrite = Dendrite(keypair: hotkey)
        let runner = PoGRunner(settings: config.pog, dendrite: dendrite, worker: worker, ledger: store)
        let round = ProofOfGPURound(configuration: config, runner: runner, store: store, metrics: metrics, logger: logger)
        let weights = WeightSetter(
            configuration: config, hotkey: hotkey, chain: chain, store: store, subnetPolicy: subnetPolicy,
            metrics: metrics, weightsWatch: weightsWatch, logger: logger)
        await round.releaseLeftovers()
        // Compressed once, here, in the encoding most containers take: done inside the first
        // round it would hold up that round's uploads (gzip, for containers without xz, is made
        // when first needed).
        let preferred = WorkerBinary.Encoding.allCases[0]
        let compressed = (try? await worker.compressed(preferred))?.readableBytes
        logger.info(
            "validator: worker sha256 \(worker.sha256.prefix(16))…, \(compressed.map { "\($0 >> 20) MiB \(preferred.rawValue)-compressed" } ?? "not compressed"), \(metagraph.neurons.count) neurons on subnet \(config.netuid)"
        )

        // The reference's version beacon: miners read a validator's version from its
        // Prometheus record on chain.
        do {
            try await chain.servePrometheus(
                netuid: config.netuid, hotkey: hotkey.ss58Address,
                prometheus: PrometheusInfo(ip: "127.0.0.1", port: config.metricsPort, version: ComputeVersion.asInt))
        } catch {
            logger.warning("validator: could not publish the version on chain: \(error)")
        }
        let axon = Axon(
            keypair: hotkey,
            configuration: AxonConfiguration(host: config.metricsHost, port: config.metricsPort, version: ComputeVersion.asInt),
            metrics: metrics.registry)
        subnetPolicy.export(to: metrics.registry)
        let pinned = subnetPolicy.current
        logger.info(
            "validator: subnet config: miners get \(pinned.totalMinerEmission * 100) % over \(pinned.gpuWeights.count) GPU models, the rest burned\(config.subnetConfigURL.map { "; polling \($0) every 60 s" } ?? "")"
        )
        let schedule = ValidatorSchedule(
            configuration: config, chain: chain, hotkey: hotkey, subnetPolicy: subnetPolicy, store: store,
            round: round, weights: weights, metagraph: metagraph)
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
}
