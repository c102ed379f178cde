/// `nicompute-pog gpu-info`.
public struct GPUInfo: Codable, Sendable, Equatable {
    public let numGPUs: Int
    public let gpuNames: [String]
    /// `cpu` or `cuda`.
    public let backend: String

    public init(numGPUs: Int, gpuNames: [String], backend: String) {
        self.numGPUs = numGPUs
        self.gpuNames = gpuNames
        self.backend = backend
    }

    enum CodingKeys: String, CodingKey {
        case numGPUs = "num_gpus"
        case gpuNames = "gpu_names"
        case backend
    }
}

/// `nicompute-pog benchmark`: one timed multiplication per precision.
public struct BenchmarkReport: Codable, Sendable, Equatable {
    public struct Run: Codable, Sendable, Equatable {
        public let n: Int
        public let seconds: Double

        public init(n: Int, seconds: Double) {
            self.n = n
            self.seconds = seconds
        }

        /// 2n³ floating-point operations over the time, in TFLOPS, as the reference computes it.
        public var teraflops: Double { seconds > 0 ? 2 * Double(n) * Double(n) * Double(n) / seconds / 1e12 : 0 }
    }

    public let numGPUs: Int
    public let vramGB: Double
    public let fp16: Run
    public let fp32: Run

    public init(numGPUs: Int, vramGB: Double, fp16: Run, fp32: Run) {
        self.numGPUs = numGPUs
        self.vramGB = vramGB
        self.fp16 = fp16
        self.fp32 = fp32
    }

    enum CodingKeys: String, CodingKey {
        case numGPUs = "num_gpus"
        case vramGB = "vram_gb"
        case fp16, fp32
    }
}

/// What the worker prints on failure, with a non-zero exit.
public struct WorkerErrorMessage: Codable, Sendable, Equatable {
    public let error: String

    public init(error: String) {
        self.error = error
    }
}

/// Input the worker refuses, naming the field and the rule.
public enum WorkerInputError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalid(field: String, rule: String)

    public var description: String {
        switch self {
        case let .invalid(field, rule): "\(field): must be \(rule)"
        }
    }
}
