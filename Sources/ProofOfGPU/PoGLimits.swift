/// The ranges every number a miner's worker prints must fall in before the validator does any
/// arithmetic with it. A value outside fails that miner's test (``ImplausibleValue``); it can
/// never trap the validator.
///
/// The ranges are wide enough for every device in `config.yaml` and far beyond (an 8-GPU
/// machine of 1 TB cards), and narrow enough that every product the validator forms from them
/// (n·4 bytes, n² entries, 2n³ flops in a Double) is exact or finite.
public enum PoGLimits {
    /// Matrix sides of `compute` (and so of the verifier): 65 536² float32 entries are 16 GiB.
    public static let matrixSizes: ClosedRange<Int> = 1...65_536
    /// Matrix sides of `benchmark`: the reference's fp16 size fills all of the probe's memory
    /// (n = 185 344 at a B200's 137.44 GB).
    public static let benchmarkSizes: ClosedRange<Int> = 1...262_144
    /// Any timing a worker reports, in seconds: positive and below a day.
    public static let seconds: ClosedRange<Double> = 1e-9...86_400
    /// Per-phase timings in `compute` may be 0 (a phase too short for the clock).
    public static let phaseSeconds: ClosedRange<Double> = 0...86_400
    /// Memory per device in GB, as the reference's probe reports it (its smallest figure is
    /// 0.001 GB; 4 TB is beyond any device).
    public static let vramGB: ClosedRange<Double> = 0.001...4_096
    /// Devices per machine.
    public static let gpuCounts: ClosedRange<Int> = 1...64
    /// A device name's length in UTF-8 bytes.
    public static let gpuNameBytes: ClosedRange<Int> = 1...256
    /// The Merkle proof of one row holds at most this many siblings (⌈log₂ 65 536⌉).
    public static let proofSiblings: ClosedRange<Int> = 0...16
}
