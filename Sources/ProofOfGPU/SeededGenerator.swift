/// The reference's seeded generator for the entries of A and B.
///
/// `state = (s + (i mod 2^32) + j) mod 2^32`, then ten rounds of 32-bit xorshift (13, 17, 5).
/// The reference turns the state into a value two ways:
///
/// - the miner (torch): `float32(state) / float32(0xFFFFFFFF)`; `float32(0xFFFFFFFF)` is 2^32,
///   so the value is `float32(state) · 2^-32`, exactly;
/// - the validator (numpy): `float32(state / 4294967295.0)`, dividing in float64 first.
///
/// They differ by one float32 ulp whenever `state` lies exactly halfway between two float32
/// values and ties-to-even rounds down (the float64 quotient sits just above the midpoint), about
/// one entry in 256 among states ≥ 2^31. NI Compute's rule is the miner's: it is exact and cheap,
/// and every GPU computes it natively. The verifier's tolerance also absorbs one ulp per input, so
/// a worker using the numpy rule still passes (see ``ValueTolerance``).
public enum SeededGenerator {
    /// The xorshift state of entry (`row`, `column`) for seed `seed`.
    @inline(__always)
    public static func state(seed: UInt64, row: UInt64, column: UInt64) -> UInt32 {
        var x = UInt32(truncatingIfNeeded: seed &+ (row & 0xFFFF_FFFF) &+ column)
        for _ in 0..<10 {
            x ^= x << 13
            x ^= x >> 17
            x ^= x << 5
        }
        return x
    }

    /// NI Compute's value (the reference miner's rule): `float32(state) · 2^-32`.
    @inline(__always)
    public static func value(seed: UInt64, row: UInt64, column: UInt64) -> Float {
        Float(state(seed: seed, row: row, column: column)) * 0x1p-32
    }

    /// The reference validator's value: `float32(state / (2^32 − 1))` with a float64 division.
    public static func referenceValidatorValue(seed: UInt64, row: UInt64, column: UInt64) -> Float {
        Float(Double(state(seed: seed, row: row, column: column)) / 4_294_967_295.0)
    }

    /// Row `row` of the matrix: `count` values, column 0 first.
    public static func row(seed: UInt64, row: UInt64, count: Int) -> [Float] {
        (0..<count).map { value(seed: seed, row: row, column: UInt64($0)) }
    }

    /// Column `column` of the matrix: `count` values, row 0 first.
    public static func column(seed: UInt64, column: UInt64, count: Int) -> [Float] {
        (0..<count).map { value(seed: seed, row: UInt64($0), column: column) }
    }
}
