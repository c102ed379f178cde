/// Checks what a miner's worker printed against ``PoGLimits`` before the validator computes
/// anything with it. Every check runs on the decoded values only (no arithmetic first), and
/// the first value out of range is the error.
public enum WorkerOutputValidation {
    /// `gpu-info`: a device count in range, one name per device, each name of a sane length.
    public static func check(_ info: GPUInfo) throws(ImplausibleValue) {
        try require(PoGLimits.gpuCounts.contains(info.numGPUs), "num_gpus", "\(info.numGPUs)", "in \(PoGLimits.gpuCounts)")
        try require(
            info.gpuNames.count == info.numGPUs, "gpu_names", "\(info.gpuNames.count) names",
            "one name per device (\(info.numGPUs))")
        for (index, name) in info.gpuNames.enumerated() {
            try require(
                PoGLimits.gpuNameBytes.contains(name.utf8.count), "gpu_names[\(index)]", "\(name.utf8.count) bytes",
                "\(PoGLimits.gpuNameBytes) bytes of UTF-8")
        }
    }

    /// `benchmark`: device count, memory and both runs' sizes and times in range.
    public static func check(_ report: BenchmarkReport) throws(ImplausibleValue) {
        try require(PoGLimits.gpuCounts.contains(report.numGPUs), "benchmark.num_gpus", "\(report.numGPUs)", "in \(PoGLimits.gpuCounts)")
        try require(
            report.vramGB.isFinite && PoGLimits.vramGB.contains(report.vramGB), "benchmark.vram_gb", "\(report.vramGB)",
            "a finite number in \(PoGLimits.vramGB)")
        for (name, run) in [("fp16", report.fp16), ("fp32", report.fp32)] {
            try require(PoGLimits.benchmarkSizes.contains(run.n), "benchmark.\(name).n", "\(run.n)", "in \(PoGLimits.benchmarkSizes)")
            try require(
                run.seconds.isFinite && PoGLimits.seconds.contains(run.seconds), "benchmark.\(name).seconds", "\(run.seconds)",
                "a finite number in \(PoGLimits.seconds)")
        }
    }

    /// `compute`: the size asked for, exactly one root and one timing for each seeded GPU, and
    /// timings in range.
    public static func check(_ response: ComputeResponse, n: Int, gpus: Set<Int>) throws(ImplausibleValue) {
        try require(response.n == n, "compute.n", "\(response.n)", "the n asked for (\(n))")
        try require(
            response.roots.count == gpus.count && Set(response.roots.map(\.gpu)) == gpus, "compute.roots",
            "gpus \(response.roots.prefix(8).map(\.gpu))", "one root for each seeded GPU \(gpus.sorted())")
        try require(
            response.timings.count == gpus.count && Set(response.timings.map(\.gpu)) == gpus, "compute.timings",
            "gpus \(response.timings.prefix(8).map(\.gpu))", "one timing for each seeded GPU \(gpus.sorted())")
        for timing in response.timings {
            for (name, seconds) in [
                ("generation_s", timing.generationSeconds), ("multiplication_s", timing.multiplicationSeconds),
                ("merkle_s", timing.merkleSeconds),
            ] {
                try require(
                    seconds.isFinite && PoGLimits.phaseSeconds.contains(seconds), "compute.timings[gpu \(timing.gpu)].\(name)",
                    "\(seconds)", "a finite number in \(PoGLimits.phaseSeconds)")
            }
        }
    }

    private static func require(_ condition: Bool, _ field: String, _ value: @autoclosure () -> String, _ rule: @autoclosure () -> String)
        throws(ImplausibleValue)
    {
        guard condition else { throw ImplausibleValue(field: field, value: String(value().prefix(80)), rule: rule()) }
    }
}
