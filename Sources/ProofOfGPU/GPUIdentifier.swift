/// Names a GPU from its measured fp16/fp32 throughput and VRAM, as the reference does.
///
/// The GPU whose reference figures are closest on average relative deviation
/// `(|fp16 − T16|/T16 + |fp32 − T32|/T32 + |vram − V|/V) / 3` wins (the first in the table
/// on a tie). When the winner and the miner's reported name form a tolerance pair, in either
/// direction, the reported name is taken: those models cannot be told apart by benchmark.
public struct GPUIdentifier: Sendable {
    public let config: PoGConfig
    /// Whether the devnet's CPU device class may be identified.
    public let allowsCPUDevice: Bool

    public init(config: PoGConfig, allowsCPUDevice: Bool = false) {
        self.config = config
        self.allowsCPUDevice = allowsCPUDevice
    }

    /// The identified model's name; nil when the table is empty or a figure is not finite.
    public func identify(fp16TFLOPS: Double, fp32TFLOPS: Double, vramGB: Double, reportedName: String) -> String? {
        // A NaN deviation is never "less", which would name the table's first (best) GPU.
        guard fp16TFLOPS.isFinite, fp32TFLOPS.isFinite, vramGB.isFinite else { return nil }
        if allowsCPUDevice, let cpu = config.cpuDevice, reportedName == cpu.name { return cpu.name }
        var best: (name: String, deviation: Double)?
        for gpu in config.gpus {
            let deviation =
                (abs(fp16TFLOPS - gpu.fp16TFLOPS) / gpu.fp16TFLOPS
                    + abs(fp32TFLOPS - gpu.fp32TFLOPS) / gpu.fp32TFLOPS
                    + abs(vramGB - gpu.vramGB) / gpu.vramGB) / 3
            if best == nil || deviation < best?.deviation ?? .infinity { best = (gpu.name, deviation) }
        }
        guard let identified = best?.name else { return nil }
        if config.tolerancePairs[identified] == reportedName || config.tolerancePairs[reportedName] == identified {
            return reportedName
        }
        return identified
    }
}
