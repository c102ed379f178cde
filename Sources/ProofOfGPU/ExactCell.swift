/// The exact value of C[i][j] = Σₖ A[i][k]·B[k][j] for seeded A and B, in float64.
///
/// A product of two float32 values is exact in float64 (24 + 24 ≤ 53 significant bits), and
/// the float64 sum's own error (≤ n·2⁻⁵³ relative) is 2²⁹/n times below float32's, so this
/// stands in for the exact value.
public struct ExactCell: Sendable, Equatable {
    public let value: Double
    /// Σ|A[i][k]·B[k][j]|, the scale of the rounding-error bound.
    public let absoluteSum: Double

    public init(seedA: UInt64, seedB: UInt64, i: Int, j: Int, n: Int) {
        var sum = 0.0
        var absoluteSum = 0.0
        let row = UInt64(i)
        let column = UInt64(j)
        for k in 0..<n {
            let a = Double(SeededGenerator.value(seed: seedA, row: row, column: UInt64(k)))
            let b = Double(SeededGenerator.value(seed: seedB, row: UInt64(k), column: column))
            let product = a * b
            sum += product
            absoluteSum += abs(product)
        }
        self.value = sum
        self.absoluteSum = absoluteSum
    }

    /// Whether a worker's float32 value for this cell is within ``ValueTolerance``.
    public func accepts(_ claimed: Float, n: Int) -> Bool {
        guard claimed.isFinite else { return false }
        return abs(Double(claimed) - value) <= ValueTolerance.tolerance(n: n, absoluteSum: absoluteSum)
    }
}
