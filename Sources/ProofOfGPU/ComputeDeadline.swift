/// The validator's judgement of `compute`'s timing: its own clock against a deadline derived
/// from the claimed model's table figure, with the worker's printed times treated as claims.
///
/// Every claimed GPU computes its own product at the same time, so there is one deadline for
/// all of them: `timeTolerance + slack · 2n³ / (fp32 TFLOPS · 10¹²) + gpuCount · n²·4 / hostRate`,
/// the last term for copying each C back, hashing its rows and storing it on the host. The
/// yardstick is the faster of the table's figure and the worker's own benchmark claim, so a
/// benchmark claiming more speed than the compute shows fails. On the devnet's CPU class,
/// which has no table row, the benchmark claim is the only yardstick.
public struct ComputeDeadline: Sendable, Equatable {
    /// The deadline in seconds, measured by the validator (SSH round trip subtracted).
    public let seconds: Double
    /// The deadline from the table's figure alone (nil without a table row).
    public let tableSeconds: Double?
    /// The benchmark's claimed fp32 throughput, TFLOPS.
    public let claimedTFLOPS: Double
    public let n: Int

    /// Allowance for the multiply itself over the yardstick's ideal time.
    public static let multiplySlack = 2.0
    /// Host bytes per second assumed for copying, hashing and storing each C.
    public static let hostBytesPerSecond = 1e9
    /// How many times slower than its benchmark claims a worker's own multiply may report.
    /// Small products on a loaded CPU run hundreds of times below the speed of a large one
    /// (640× was seen on CI at n = 256), so only grossly overstated claims are caught here; at
    /// real sizes the validator's clock catches finer ones (``Failure/benchmarkOverstated``).
    public static let claimConsistencyFactor = 4096.0

    /// Why a compute's timing fails.
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// Slower than the claimed model's table allows.
        case pastDeadline(measured: Double, deadline: Double)
        /// Within the table's deadline, but slower than the worker's own benchmark claims.
        case benchmarkOverstated(claimedTFLOPS: Double, measured: Double, deadline: Double)
        /// The worker's own phase times add up to more than the validator's clock saw.
        case phasesExceedClock(gpu: Int, reported: Double, measured: Double)
        /// The worker's own multiply time contradicts its benchmark's claimed speed.
        case multiplySlowerThanClaimed(gpu: Int, reported: Double, predicted: Double)

        public var description: String {
            switch self {
            case let .pastDeadline(measured, deadline):
                "compute took \(Self.format(measured)) s by the validator's clock; the claimed model needs at most \(Self.format(deadline)) s"
            case let .benchmarkOverstated(claimed, measured, deadline):
                "the benchmark claims \(Self.format(claimed)) TFLOPS fp32, which would finish compute in \(Self.format(deadline)) s; it took \(Self.format(measured)) s"
            case let .phasesExceedClock(gpu, reported, measured):
                "gpu \(gpu) reports \(Self.format(reported)) s of work in a compute the validator timed at \(Self.format(measured)) s"
            case let .multiplySlowerThanClaimed(gpu, reported, predicted):
                "gpu \(gpu)'s multiply took \(Self.format(reported)) s, where the benchmark's claimed speed predicts \(predicted) s"
            }
        }

        private static func format(_ value: Double) -> String {
            guard value.isFinite else { return "\(value)" }
            return "\((value * 1000).rounded() / 1000)"
        }
    }

    /// nil when an input is out of range (``PoGLimits``) or not a finite positive figure.
    public init?(n: Int, gpuCount: Int, tableFP32TFLOPS: Double?, claimedFP32TFLOPS: Double, timeTolerance: Double) {
        guard PoGLimits.matrixSizes.contains(n), PoGLimits.gpuCounts.contains(gpuCount),
            claimedFP32TFLOPS.isFinite, claimedFP32TFLOPS > 0, timeTolerance.isFinite, timeTolerance >= 0
        else { return nil }
        if let table = tableFP32TFLOPS, !(table.isFinite && table > 0) { return nil }
        let side = Double(n)
        let flops = 2 * side * side * side
        let host = Double(gpuCount) * side * side * 4 / Self.hostBytesPerSecond
        func deadline(_ teraflops: Double) -> Double { timeTolerance + Self.multiplySlack * flops / (teraflops * 1e12) + host }
        self.n = n
        self.claimedTFLOPS = claimedFP32TFLOPS
        self.tableSeconds = tableFP32TFLOPS.map(deadline)
        self.seconds = deadline(max(tableFP32TFLOPS ?? 0, claimedFP32TFLOPS))
    }

    /// nil when `measuredSeconds` (the validator's clock, round trip subtracted) meets the
    /// deadline and no GPU's reported phases exceed `elapsedSeconds` (the raw clock); else the
    /// first failure. The timings must have passed ``WorkerOutputValidation``.
    public func judge(measuredSeconds: Double, elapsedSeconds: Double, timings: [ComputeResponse.Timing]) -> Failure? {
        guard measuredSeconds.isFinite, elapsedSeconds.isFinite else { return .pastDeadline(measured: measuredSeconds, deadline: seconds) }
        if let table = tableSeconds, measuredSeconds > table { return .pastDeadline(measured: measuredSeconds, deadline: table) }
        if measuredSeconds > seconds {
            return tableSeconds == nil
                ? .pastDeadline(measured: measuredSeconds, deadline: seconds)
                : .benchmarkOverstated(claimedTFLOPS: claimedTFLOPS, measured: measuredSeconds, deadline: seconds)
        }
        // A worker that reports more work than fits in the command's own duration is lying
        // about its timings (a little slack for clocks read at different moments).
        let side = Double(n)
        let predicted = 2 * side * side * side / (claimedTFLOPS * 1e12)
        for timing in timings {
            let reported = timing.generationSeconds + timing.multiplicationSeconds + timing.merkleSeconds
            if reported > elapsedSeconds * 1.05 + 0.1 {
                return .phasesExceedClock(gpu: timing.gpu, reported: reported, measured: elapsedSeconds)
            }
            // The claims must agree with each other: a benchmark claiming far more speed than
            // the worker's own multiply then shows is a lie about the benchmark.
            if timing.multiplicationSeconds > Self.claimConsistencyFactor * predicted {
                return .multiplySlowerThanClaimed(gpu: timing.gpu, reported: timing.multiplicationSeconds, predicted: predicted)
            }
        }
        return nil
    }
}
