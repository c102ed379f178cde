/// Which generator fills A and B: ``SeededGenerator`` for every round a validator runs; the
/// legacy one only to replay rounds recorded before it changed, and to demonstrate the cheat it
/// allowed.
public enum MatrixGenerator: String, Sendable, Equatable, Codable {
    /// Philox4x32-10 keyed by the whole seed, zero-mean values in [−1, 1).
    case philox
    /// The reference's Hankel-structured xorshift generator (``LegacyHankelGenerator``).
    case legacyHankel

    /// Entry (`row`, `column`) of the matrix with seed `seed`.
    @inline(__always)
    public func value(seed: UInt64, row: UInt64, column: UInt64) -> Float {
        switch self {
        case .philox: SeededGenerator.value(seed: seed, row: row, column: column)
        case .legacyHankel: LegacyHankelGenerator.value(seed: seed, row: row, column: column)
        }
    }

    /// Row `row`: `count` values, column 0 first (none for a count below 1).
    public func row(seed: UInt64, row: UInt64, count: Int) -> [Float] {
        guard count > 0 else { return [] }
        switch self {
        case .philox: return SeededGenerator.row(seed: seed, row: row, count: count)
        case .legacyHankel: return (0..<count).map { LegacyHankelGenerator.value(seed: seed, row: row, column: UInt64($0)) }
        }
    }

    /// Column `column`: `count` values, row 0 first (none for a count below 1).
    public func column(seed: UInt64, column: UInt64, count: Int) -> [Float] {
        guard count > 0 else { return [] }
        return (0..<count).map { value(seed: seed, row: UInt64($0), column: column) }
    }
}
