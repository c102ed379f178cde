import ArgumentParser
import ProofOfGPU

/// `generate`: rows of a seeded matrix, so that anyone can check the generator independently.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Print rows of the seeded matrix for --seed and --n as JSON (value = q · 2^-23).",
        discussion: """
            Output: {"seed": "<u64>", "n": N, "source": "host"|"device", "scale_log2": -23, \
            "rows": [{"i": R, "q": [q0, q1, …]}, …]}; each q is the entry's signed 24-bit integer. \
            With --backend cuda the matrix is generated on GPU --device by the PTX kernel; \
            --compare-host then checks every entry against the host generator and adds \
            "host_mismatches" (the count of entries that differ) and exits non-zero if any do.
            """
    )

    @OptionGroup var options: WorkerOptions

    @Option(help: "The matrix's 64-bit seed (decimal).")
    var seed: String

    @Option(help: "The matrix side.")
    var n: Int

    @Option(parsing: .upToNextOption, help: "Rows to print: repeated or comma-separated (e.g. --rows 0,1,5 or --rows 0 1 5).")
    var rows: [String] = []

    @Option(help: "The device that generates (cuda backend).")
    var device: Int = 0

    @Flag(name: .customLong("compare-host"), help: "Compare the whole generated matrix with the host generator.")
    var compareHost = false

    struct Row: Encodable {
        let i: Int
        let q: [Int32]
    }

    struct Output: Encodable {
        let seed: String
        let n: Int
        let source: String
        let scaleLog2 = -23
        let rows: [Row]
        let hostMismatches: Int?

        enum CodingKeys: String, CodingKey {
            case seed, n, source, rows
            case scaleLog2 = "scale_log2"
            case hostMismatches = "host_mismatches"
        }
    }

    func run() throws {
        var differs = false
        try runReportingErrors {
            guard let seedValue = UInt64(seed) else { throw BackendError("--seed: must be a decimal integer from 0 to 2^64−1") }
            guard PoGLimits.matrixSizes.contains(n) else {
                throw BackendError("--n: must be between 1 and \(PoGLimits.matrixSizes.upperBound)")
            }
            var indices = [Int]()
            for part in rows.flatMap({ $0.split(separator: ",") }) {
                guard let row = Int(part.filter { $0 != " " }), (0..<n).contains(row) else {
                    throw BackendError("--rows: \(part) is not a row in 0..<\(n)")
                }
                indices.append(row)
            }
            guard indices.count <= 4096 else { throw BackendError("--rows: at most 4096 rows") }
            let usesDevice = options.backend != .cpu && (compareHost || options.backend == .cuda)
            var source = "host"
            var printed = [Row]()
            var mismatches: Int?
            if usesDevice {
                let backend = try options.makeBackend()
                guard (0..<backend.deviceNames.count).contains(device) else { throw BackendError("--device: no device \(device)") }
                let (values, onDevice) = try backend.seededMatrix(seed: seedValue, n: n, device: device)
                source = onDevice ? "device" : "host"
                printed = indices.map { i in Row(i: i, q: values[(i * n)..<((i + 1) * n)].map(Self.integer)) }
                if compareHost {
                    let host = SeededMatrix(seed: seedValue, n: n).values
                    mismatches = zip(values, host).reduce(0) { $0 + ($1.0.bitPattern == $1.1.bitPattern ? 0 : 1) }
                }
            } else {
                printed = indices.map { i in Row(i: i, q: SeededGenerator.row(seed: seedValue, row: UInt64(i), count: n).map(Self.integer))
                }
                if compareHost { mismatches = 0 }
            }
            JSONIO.write(Output(seed: String(seedValue), n: n, source: source, rows: printed, hostMismatches: mismatches))
            differs = (mismatches ?? 0) > 0
        }
        if differs { throw ExitCode.failure }
    }

    /// q = value · 2²³, exact: every generated value is a 24-bit integer times 2⁻²³.
    static func integer(_ value: Float) -> Int32 {
        Int32(exactly: value * 0x1p23) ?? Int32.min
    }
}
