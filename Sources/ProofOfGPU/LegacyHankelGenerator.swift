/// The generator NI Compute used before issue 15, and the reference's (SN27 up to v2.2.1):
/// kept only to replay the round recorded on a real H100 (`RecordedRoundTests`) and to show
/// the shift-recurrence forgery it allows (`CheatTests`). Never used to challenge a miner.
///
/// `state = (s + (i mod 2^32) + j) mod 2^32`, then ten rounds of 32-bit xorshift (13, 17, 5),
/// and the value `float32(state) · 2^-32`. The entry depends only on `i + j` (a Hankel
/// matrix), and only on the low 32 bits of the seed: with a(m) the generator's sequence,
/// `C[i+1][j+1] = C[i][j] − a(i)·b(j) + a(i+n)·b(j+n)`, so all of C costs about 3n²
/// operations instead of 2n³. That is why ``SeededGenerator`` replaced it.
public enum LegacyHankelGenerator {
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

    /// The reference miner's value: `float32(state) · 2^-32` (exact: float32(0xFFFFFFFF) is 2^32).
    @inline(__always)
    public static func value(seed: UInt64, row: UInt64, column: UInt64) -> Float {
        Float(state(seed: seed, row: row, column: column)) * 0x1p-32
    }

    /// The reference validator's value: `float32(state / (2^32 − 1))` with a float64 division;
    /// one float32 ulp away from ``value(seed:row:column:)`` on about one entry in 256.
    public static func referenceValidatorValue(seed: UInt64, row: UInt64, column: UInt64) -> Float {
        Float(Double(state(seed: seed, row: row, column: column)) / 4_294_967_295.0)
    }
}
