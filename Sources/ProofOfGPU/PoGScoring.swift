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
        guard best > 0, best.isFinite, count > 0 else { return 0 }
        let perDevice: Double
        if let cpu = config.cpuDevice, device == cpu.name {
            perDevice = scoresCPUDevice ? cpu.score : 0
        } else {
            perDevice = config.scores[device] ?? 0
        }
        return perDevice * Double(min(count, Self.maximumCountedGPUs)) / (best * Double(Self.maximumCountedGPUs))
    }
}

/// Matrix sizes from VRAM, as the reference's `adjust_matrix_size`.
public enum MatrixSize {
    /// `⌊√(vram · buffer · 10⁹ / (2 · elementSize)) / 32⌋ · 32`; nil when an input is not a
    /// finite positive number or the size falls outside 32…``PoGLimits/benchmarkSizes``, so a
    /// hostile memory figure (1e31, 1e-9, NaN) never reaches a conversion that traps.
    public static func fitting(vramGB: Double, elementSize: Int, bufferFactor: Double) -> Int? {
        guard vramGB.isFinite, vramGB > 0, bufferFactor.isFinite, bufferFactor > 0, (1...16).contains(elementSize) else { return nil }
        let bytes = vramGB * bufferFactor * 1e9
        let side = (bytes / Double(2 * elementSize)).squareRoot()
        // Checked before converting: Int(side) traps above Int.max or for NaN.
        guard side.isFinite, side >= 32, side <= Double(PoGLimits.benchmarkSizes.upperBound) + 32,
            let whole = Int(exactly: side.rounded(.down))
        else { return nil }
        return min(whole / 32 * 32, PoGLimits.benchmarkSizes.upperBound)
    }

    /// The `compute` size for a device with `vramGB` of memory: float32, 10 % of it; nil when
    /// that is not a size the verifier accepts (``PoGLimits/matrixSizes``).
    public static func forCompute(vramGB: Double) -> Int? {
        guard let n = fitting(vramGB: vramGB, elementSize: 4, bufferFactor: 0.10), PoGLimits.matrixSizes.contains(n) else { return nil }
        return n
    }
}
