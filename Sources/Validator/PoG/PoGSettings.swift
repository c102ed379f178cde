import ProofOfGPU

/// How the validator runs Proof-of-GPU: the tables and policy from `config.yaml`, plus the
/// sizes and deadlines that the devnet shortens.
public struct PoGSettings: Sendable {
    public var config: PoGConfig
    /// The devnet's CPU device class is identified and scored (never on a real network).
    public var devnet: Bool
    /// Benchmark matrix size; nil sizes it from the device's memory, as the reference.
    public var benchmarkN: Int?
    /// `compute` matrix size; nil takes 10 % of the device's memory, as the reference.
    public var computeN: Int?
    /// The whole test of one miner, allocation to deallocation.
    public var testTimeout: Duration
    /// Any one worker command.
    public var commandTimeout: Duration
    /// How long each user port may take to answer the health check (v2.2: 15 s).
    public var healthProbeWindow: Duration

    public init(
        config: PoGConfig, devnet: Bool = false, benchmarkN: Int? = nil, computeN: Int? = nil,
        testTimeout: Duration = .seconds(300), commandTimeout: Duration = .seconds(240), healthProbeWindow: Duration = .seconds(15)
    ) {
        self.config = config
        self.devnet = devnet
        self.benchmarkN = benchmarkN
        self.computeN = computeN
        self.testTimeout = testTimeout
        self.commandTimeout = commandTimeout
        self.healthProbeWindow = healthProbeWindow
    }
}
