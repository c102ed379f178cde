/// The GPU tables and Proof-of-GPU settings of `config.yaml` (read by `ProofOfGPUConfig`).
public struct PoGConfig: Sendable, Equatable {
    /// One GPU model's reference figures.
    public struct GPUSpec: Sendable, Equatable {
        public let name: String
        public let fp16TFLOPS: Double
        public let fp32TFLOPS: Double
        public let vramGB: Double

        public init(name: String, fp16TFLOPS: Double, fp32TFLOPS: Double, vramGB: Double) {
            self.name = name
            self.fp16TFLOPS = fp16TFLOPS
            self.fp32TFLOPS = fp32TFLOPS
            self.vramGB = vramGB
        }
    }

    public struct MerkleSettings: Sendable, Equatable {
        public init() {}

        public var timeTolerance: Double = 5
        public var retryLimit: Int = 22
        public var retryInterval: Double = 60
        public var maxWorkers: Int = 64
        public var maxRandomDelay: Double = 900
        public var challenge: ChallengePolicy = .default
    }

    /// The GPUs in the file's order (identification breaks ties by it, as the reference).
    public let gpus: [GPUSpec]
    public let tolerancePairs: [String: String]
    public let scores: [String: Double]
    public let merkle: MerkleSettings
    /// The devnet's CPU device class: its name and score.
    public let cpuDevice: (name: String, score: Double)?

    public static func == (lhs: PoGConfig, rhs: PoGConfig) -> Bool {
        lhs.gpus == rhs.gpus && lhs.tolerancePairs == rhs.tolerancePairs && lhs.scores == rhs.scores
            && lhs.merkle == rhs.merkle && lhs.cpuDevice?.name == rhs.cpuDevice?.name && lhs.cpuDevice?.score == rhs.cpuDevice?.score
    }

    public init(
        gpus: [GPUSpec], tolerancePairs: [String: String], scores: [String: Double],
        merkle: MerkleSettings, cpuDevice: (name: String, score: Double)?
    ) {
        self.gpus = gpus
        self.tolerancePairs = tolerancePairs
        self.scores = scores
        self.merkle = merkle
        self.cpuDevice = cpuDevice
    }
}
