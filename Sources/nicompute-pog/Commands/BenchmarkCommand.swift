import ArgumentParser
import ProofOfGPU

struct BenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark",
        abstract: "Time one fp16 and one fp32 multiplication sized from memory, as the reference does.",
        discussion: "Sizes: fp16 fills all of the memory probe's figure, fp32 half of it (⌊√(bytes/(2·element))/32⌋·32)."
    )

    @OptionGroup var options: WorkerOptions

    @Option(help: "Override the matrix size of both runs (for quick checks on small machines).")
    var n: Int?

    func run() throws {
        try runReportingErrors {
            let backend = try options.makeBackend()
            let memory = try backend.memoryGB()
            if let n, !(32...65_536).contains(n) { throw BackendError("--n: must be between 32 and 65536") }
            // The reference's sizes, capped to what the device holds: the report carries the n
            // used, and validators judge 2n³/seconds.
            let fp16Size =
                try n
                ?? Self.capped(
                    Self.fitting(memory, elementSize: 2, bufferFactor: 1.0),
                    backend.largestBenchmarkSize(precision: .fp16))
            let fp32Size =
                try n
                ?? Self.capped(
                    Self.fitting(memory, elementSize: 4, bufferFactor: 0.5),
                    backend.largestBenchmarkSize(precision: .fp32))
            let fp16 = try backend.benchmark(n: fp16Size, precision: .fp16)
            let fp32 = try backend.benchmark(n: fp32Size, precision: .fp32)
            JSONIO.write(
                BenchmarkReport(
                    numGPUs: backend.deviceNames.count, vramGB: (memory * 100).rounded() / 100,
                    fp16: .init(n: fp16Size, seconds: fp16), fp32: .init(n: fp32Size, seconds: fp32)
                ))
        }
    }

    /// The reference's size for this much memory; an error when the memory gives none.
    static func fitting(_ memory: Double, elementSize: Int, bufferFactor: Double) throws -> Int {
        guard let size = MatrixSize.fitting(vramGB: memory, elementSize: elementSize, bufferFactor: bufferFactor) else {
            throw BackendError("memory: \(memory) GB gives no benchmark size; pass --n")
        }
        return size
    }

    static func capped(_ size: Int, _ limit: Int?) -> Int { limit.map { min(size, $0) } ?? size }
}
