import ProofOfGPU

/// Everything `nicompute validator` is told, checked.
public struct ValidatorConfiguration: Sendable {
    public var netuid: Int
    /// The validator serves no synapses; its axon port carries `/metrics` only.
    public var metricsHost: String
    public var metricsPort: Int
    public var storePath: String
    public var workerPath: String
    public var pog: PoGSettings
    /// Blocks between PoG rounds (the reference: 360).
    public var pogIntervalBlocks: Int
    /// Blocks between weight settings (the reference: 100, the weights rate limit).
    public var weightsIntervalBlocks: Int
    /// Blocks between metagraph refreshes.
    public var metagraphIntervalBlocks: Int
    /// A round starts after a random delay up to this (the reference: 900 s).
    public var maximumRandomDelay: Duration
    /// Tests running at once.
    public var maximumConcurrentTests: Int
    /// A test that failed for a transient reason is retried this many times …
    public var retryLimit: Int
    /// … after this long.
    public var retryInterval: Duration
    public var filter: QueryableFilter
    /// Hotkeys that score 0 whatever they prove.
    public var penalizedHotkeys: Set<String>
    /// v1.9.0's `--validator.burn`: all weight to the subnet owner.
    public var burn: Bool
    /// v2.2's weights policy as pinned in `config.yaml`…
    public var subnetConfig: SubnetConfig
    /// … replaced by what this URL serves, polled every 60 s, when given.
    public var subnetConfigURL: String?
    /// How often the loop looks at the chain's block.
    public var tick: Duration
    /// Seconds per block, for waits counted in blocks (12 on every Bittensor network; the local
    /// chain's `--local.block-seconds`).
    public var blockSeconds: Double

    public init(
        netuid: Int, metricsHost: String = "0.0.0.0", metricsPort: Int = 8092, storePath: String, workerPath: String,
        pog: PoGSettings, pogIntervalBlocks: Int = 360, weightsIntervalBlocks: Int = 100, metagraphIntervalBlocks: Int = 5,
        maximumRandomDelay: Duration = .seconds(900), maximumConcurrentTests: Int = 32, retryLimit: Int = 22,
        retryInterval: Duration = .seconds(60), filter: QueryableFilter, penalizedHotkeys: Set<String> = [], burn: Bool = false,
        subnetConfig: SubnetConfig, subnetConfigURL: String? = nil, tick: Duration = .seconds(1), blockSeconds: Double = 12
    ) {
        self.netuid = netuid
        self.metricsHost = metricsHost
        self.metricsPort = metricsPort
        self.storePath = storePath
        self.workerPath = workerPath
        self.pog = pog
        self.pogIntervalBlocks = pogIntervalBlocks
        self.weightsIntervalBlocks = weightsIntervalBlocks
        self.metagraphIntervalBlocks = metagraphIntervalBlocks
        self.maximumRandomDelay = maximumRandomDelay
        self.maximumConcurrentTests = maximumConcurrentTests
        self.retryLimit = retryLimit
        self.retryInterval = retryInterval
        self.filter = filter
        self.penalizedHotkeys = penalizedHotkeys
        self.burn = burn
        self.subnetConfig = subnetConfig
        self.subnetConfigURL = subnetConfigURL
        self.tick = tick
        self.blockSeconds = blockSeconds
    }
}
