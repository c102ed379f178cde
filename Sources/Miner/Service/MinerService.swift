import BittensorCrypto
import BittensorNetwork
import ComputeProtocol
import Foundation
import Logging
import ServiceMetrics
import Subtensor

/// A running miner: checks the container engine and its SSH image, repairs its allocation
/// state, publishes its axon on chain, then serves `Allocate`, `Specs` and `Challenge` while
/// refreshing the metagraph and expiring timelines, until its task is cancelled.
public struct MinerService: Sendable {
    public let configuration: MinerConfiguration
    public let hotkey: Keypair
    public let chain: any SubnetChain
    public let dockerEndpoint: DockerEndpoint
    private let logger: Logger

    public init(
        configuration: MinerConfiguration, hotkey: Keypair, chain: any SubnetChain, dockerEndpoint: DockerEndpoint,
        logger: Logger = Logger(label: "miner")
    ) {
        self.configuration = configuration
        self.hotkey = hotkey
        self.chain = chain
        self.dockerEndpoint = dockerEndpoint
        self.logger = logger
    }

    /// Why the miner cannot start.
    public struct StartupError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs until cancelled; `onListening` gets the axon's bound port.
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let docker = DockerClient(endpoint: dockerEndpoint)
        do {
            try await serve(docker: docker, onListening: onListening)
        } catch {
            await docker.shutdown()
            throw error
        }
        await docker.shutdown()
    }

    private func serve(docker: DockerClient, onListening: @escaping @Sendable (Int) async -> Void) async throws {
        let config = configuration
        guard await docker.ping() else {
            throw StartupError(
                description:
                    "the container engine at \(dockerEndpoint) does not answer (run scripts/container-engine.sh, or set DOCKER_HOST)")
        }
        let machine = await HardwareProbe().probe(hasDocker: true)
        logger.info(
            "miner: \(machine.logicalCPUs) CPUs, \(machine.memoryBytes >> 20) MiB RAM, \(machine.gpus.count) GPUs \(machine.gpus.map(\.name))"
        )
        let image = RentalImage.choose(sshImage: config.sshImage, baseImage: config.baseImage, hasGPUs: !machine.gpus.isEmpty)
        try await ensureSSHImage(docker, image: image.sshImage, base: image.baseImage)
        let network = config.limits.network
        guard try await docker.networkExists(network) else {
            throw StartupError(
                description:
                    "the rental network \(network) is missing: run scripts/container-engine.sh as root (it makes the network and the firewall rules that keep rentals off this machine's services and cloud metadata), or name another with --miner.network"
            )
        }

        let store = try AllocationStore(path: config.storePath)
        let manager = AllocationManager(
            configuration: .init(
                sshImage: image.sshImage, sshPort: config.sshPort, userPorts: config.userPorts, minerHotkey: hotkey.ss58Address,
                timelineUnitSeconds: config.timelineUnitSeconds, limits: config.limits, pogWorker: config.pogWorker,
                creationPause: config.creationPause),
            store: store, docker: docker, machine: machine)
        try await manager.reconcile()

        let metagraph = try await chain.metagraph(netuid: config.netuid)
        guard metagraph.neuron(hotkey: hotkey.ss58Address) != nil else {
            throw StartupError(
                description:
                    "hotkey \(hotkey.ss58Address) is not registered on subnet \(config.netuid); register it first (nicompute subnet register)"
            )
        }
        let cache = MetagraphCache(metagraph)
        try await chain.serveAxon(
            netuid: config.netuid, hotkey: hotkey.ss58Address,
            axon: AxonInfo(ip: config.externalIP, port: config.externalPort ?? config.axonPort, version: ComputeVersion.asInt))
        logger.info(
            "miner: axon served on chain at \(config.externalIP):\(config.externalPort ?? config.axonPort), version \(ComputeVersion.asInt)"
        )

        // The nonce memory sits next to the allocation store, so a request captured before a
        // restart cannot be replayed after it.
        let nonceStore = URL(fileURLWithPath: config.storePath).deletingLastPathComponent().appendingPathComponent("axon-nonces.sqlite")
            .path
        // SN27's axon stamps the subnet's version (221), not the SDK's, on what it answers.
        let axon = Axon(
            keypair: hotkey,
            configuration: AxonConfiguration(
                host: config.axonHost, port: config.axonPort, version: ComputeVersion.asInt,
                nonceStorePath: nonceStore))
        attachHandlers(to: axon, manager: manager, cache: cache, machine: machine)
        Self.exportMetrics(to: axon.metrics, manager: manager, cache: cache)

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await axon.run(onListening: onListening) }
            group.addTask { await refreshMetagraph(into: cache) }
            group.addTask { await expireTimelines(manager) }
            try await group.next()
            group.cancelAll()
        }
        logger.info("miner: stopped")
    }

    private func attachHandlers(to axon: Axon, manager: AllocationManager, cache: MetagraphCache, machine: MachineSpecs) {
        let policy = configuration.admission
        let allocate = AllocateHandler(manager: manager)
        @Sendable func blacklist(_ common: SynapseCommon) -> (Bool, String) {
            policy.evaluate(hotkey: common.dendrite?.hotkey, metagraph: cache.metagraph)
        }
        @Sendable func priority(_ common: SynapseCommon, bump: Double) -> Double {
            policy.priority(hotkey: common.dendrite?.hotkey, metagraph: cache.metagraph, bump: bump)
        }
        axon.attach(
            Allocate.self, forward: { await allocate.handle($0) },
            blacklist: { blacklist($0.common) }, priority: { priority($0.common, bump: 3) })
        axon.attach(
            Challenge.self, forward: { await ChallengeHandler.handle($0) },
            blacklist: { blacklist($0.common) }, priority: { priority($0.common, bump: 2) })
        let specs = SpecsHandler { machine }
        axon.attach(
            Specs.self, forward: { await specs.handle($0) },
            blacklist: { blacklist($0.common) }, priority: { priority($0.common, bump: 1) })
    }

    /// Makes the SSH image from its base when it is missing.
    private func ensureSSHImage(_ docker: DockerClient, image: String, base: String?) async throws {
        if try await docker.imageExists(image) { return }
        guard let base else {
            throw StartupError(
                description:
                    "the SSH image \(image) is missing: give --miner.base-image (e.g. a CUDA/PyTorch image) to build it, or run scripts/container-engine.sh for the local one"
            )
        }
        guard ImageReference.isValid(base) else { throw StartupError(description: "--miner.base-image: \(base) is not an image reference") }
        logger.info("miner: building \(image) from \(base) (the first time on this machine: pulling the base may take minutes)")
        try await docker.buildImage(tag: image, dockerfile: RentalContainer.sshImageDockerfile(base: base))
    }

    private func refreshMetagraph(into cache: MetagraphCache) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: configuration.metagraphRefresh)
            do {
                cache.replace(with: try await chain.metagraph(netuid: configuration.netuid))
            } catch {
                logger.warning("miner: metagraph refresh failed, keeping the last one: \(error)")
            }
        }
    }

    private func expireTimelines(_ manager: AllocationManager) async {
        while !Task.isCancelled {
            await manager.expireDue()
            try? await Task.sleep(for: configuration.expiryCheck)
        }
    }

    /// Adds the miner's state to its axon's `/metrics`, read at each scrape.
    static func exportMetrics(to registry: ServiceMetrics, manager: AllocationManager, cache: MetagraphCache) {
        let allocated = registry.gauge(.minerAllocated)
        let block = registry.gauge(.minerMetagraphBlock)
        registry.beforeScrape {
            let live = try? await manager.live()
            allocated.record(live == nil ? 0 : 1)
            block.record(cache.metagraph?.block ?? 0)
        }
    }
}

extension MetricName {
    static let minerAllocated = MetricName("nicompute_miner_allocated", help: "Whether this miner has a live allocation (1) or not (0).")
    static let minerMetagraphBlock = MetricName("nicompute_miner_metagraph_block", help: "Block of the metagraph admission decisions use.")
}
