import ProofOfGPU

/// What the validator decides from a miner's validated `gpu-info` and `benchmark`: the device
/// it is taken for, the `compute` size from that model's table row (its VRAM in
/// `config.yaml`), and the shared deadline every claimed GPU must meet. The benchmark's
/// figures are claims: they name the model, and the deadline holds them to their word.
struct RoundPlan: Sendable, Equatable {
    let device: String
    let gpuCount: Int
    let n: Int
    let deadline: ComputeDeadline

    /// The least share of its model's table throughput a device must claim to be named.
    static let minimumThroughputShare = 0.5

    /// `info` and `benchmark` must have passed ``WorkerReplies``.
    static func make(settings: PoGSettings, info: GPUInfo, benchmark: BenchmarkReport) throws(PoGFailure) -> RoundPlan {
        let config = settings.config
        let identifier = GPUIdentifier(config: config, allowsCPUDevice: settings.devnet)
        guard
            let device = identifier.identify(
                fp16TFLOPS: benchmark.fp16.teraflops, fp32TFLOPS: benchmark.fp32.teraflops,
                vramGB: benchmark.vramGB, reportedName: info.gpuNames[0])
        else {
            throw .unidentified("no device table")
        }
        let spec = config.gpus.first { $0.name == device }
        // The nearest table entry is not proof enough: far below every GPU, a CPU is "nearest"
        // to whichever has the closest memory. A device must claim a fair share of its model's
        // throughput (the reference has no such floor), and then prove it within the deadline.
        if let spec,
            benchmark.fp32.teraflops < spec.fp32TFLOPS * minimumThroughputShare
                || benchmark.fp16.teraflops < spec.fp16TFLOPS * minimumThroughputShare
        {
            throw .unidentified(
                "claims \((benchmark.fp16.teraflops * 1000).rounded() / 1000)/\((benchmark.fp32.teraflops * 1000).rounded() / 1000) TFLOPS (fp16/fp32), far below the \(spec.fp16TFLOPS)/\(spec.fp32TFLOPS) of a \(device)"
            )
        }
        // The size comes from the model's table row, not from the memory the worker printed;
        // only the devnet's CPU class (no row) falls back to the printed, validated figure.
        guard let n = settings.computeN ?? MatrixSize.forCompute(vramGB: spec?.vramGB ?? benchmark.vramGB) else {
            throw .implausibleValue(
                ImplausibleValue(
                    field: "benchmark.vram_gb", value: "\(spec?.vramGB ?? benchmark.vramGB)",
                    rule: "memory that gives a compute size in \(PoGLimits.matrixSizes)"))
        }
        guard
            let deadline = ComputeDeadline(
                n: n, gpuCount: info.numGPUs, tableFP32TFLOPS: spec?.fp32TFLOPS,
                claimedFP32TFLOPS: benchmark.fp32.teraflops, timeTolerance: config.merkle.timeTolerance)
        else {
            throw .implausibleValue(
                ImplausibleValue(
                    field: "benchmark.fp32", value: "\(benchmark.fp32.teraflops) TFLOPS",
                    rule: "a finite positive throughput"))
        }
        return RoundPlan(device: device, gpuCount: info.numGPUs, n: n, deadline: deadline)
    }
}
