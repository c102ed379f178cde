/// The reference's Proof-of-GPU score and timing rules.
public struct PoGScoring: Sendable {
    public let config: PoGConfig
    /// Whether the devnet's CPU device class scores (anywhere else it scores 0).
    public let scoresCPUDevice: Bool

    public init(config: PoGConfig, scoresCPUDevice: Bool = false) {
        self.config = config
        self.scoresCPUDevice = scoresCPUDevice
    }

    /// GPUs beyond this many do not add to the score.
    public static let maximumCountedGPUs = 8

    /// `gpu_score × min(count, 8) / (best gpu_score × 8)`, in [0, 1]; 0 for a GPU without a
    /// score (the reference raises there and so also ends at 0).
    public func score(device: String, count: Int) -> Double {
        let best = config.scores.values.max() ?? 0
        guard best > 0, count > 0 else { return 0 }
        let perDevice: Double
        if let cpu = config.cpuDevice, device == cpu.name {
            perDevice = scoresCPUDevice ? cpu.score : 0
        } else {
            perDevice = config.scores[device] ?? 0
        }
        return perDevice * Double(min(count, Self.maximumCountedGPUs)) / (best * Double(Self.maximumCountedGPUs))
    }

    /// The reference's timing check: the whole `compute` (timed by the validator) within
    /// `time_tolerance + gpuCount × fp32 benchmark time`, and the worker's average multiply
    /// faster than the fp32 benchmark's.
    public func timingPassed(elapsedSeconds: Double, gpuCount: Int, fp32BenchmarkSeconds: Double, averageMultiplicationSeconds: Double) -> Bool {
        elapsedSeconds < config.merkle.timeTolerance + Double(gpuCount) * fp32BenchmarkSeconds
            && averageMultiplicationSeconds < fp32BenchmarkSeconds
    }
}

/// Matrix sizes from VRAM, as the reference's `adjust_matrix_size`.
public enum MatrixSize {
    /// `⌊√(vram · buffer · 10⁹ / (2 · elementSize)) / 32⌋ · 32`.
    public static func fitting(vramGB: Double, elementSize: Int, bufferFactor: Double) -> Int {
        let bytes = vramGB * bufferFactor * 1e9
        let side = Int((bytes / Double(2 * elementSize)).squareRoot())
        return side / 32 * 32
    }

    /// The `compute` size the validator asks for: float32, 10 % of VRAM.
    public static func forCompute(vramGB: Double) -> Int {
        fitting(vramGB: vramGB, elementSize: 4, bufferFactor: 0.10)
    }
}
