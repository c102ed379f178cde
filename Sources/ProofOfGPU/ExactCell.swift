/// The exact value of C[i][j] = Σₖ A[i][k]·B[k][j] for seeded A and B, in float64, with the
/// statistics ``ValueTolerance`` needs, in O(n).
///
/// A product of two float32 values is exact in float64 (24 + 24 ≤ 53 significant bits), and
/// the float64 sum's own error (≤ n·2⁻⁵³·Σ|pₖ|) is part of the tolerance.
public struct ExactCell: Sendable, Equatable {
    public let value: Double
    /// Σ|A[i][k]·B[k][j]|.
    public let absoluteSum: Double
    /// max sₖ − min sₖ over the prefix sums s₀ = 0, s₁, …, sₙ.
    public let prefixRange: Double
    /// Σ(A[i][k]·B[k][j])².
    public let sumOfSquares: Double
    public let n: Int

    /// nil when `n` is outside ``PoGLimits/matrixSizes`` or the cell outside the matrix.
    public init?(seedA: UInt64, seedB: UInt64, i: Int, j: Int, n: Int, generator: MatrixGenerator = .philox) {
        guard PoGLimits.matrixSizes.contains(n), (0..<n).contains(i), (0..<n).contains(j) else { return nil }
        let row = generator.row(seed: seedA, row: UInt64(i), count: n)
        let column = generator.column(seed: seedB, column: UInt64(j), count: n)
        var sum = 0.0
        var absoluteSum = 0.0
        var sumOfSquares = 0.0
        var highest = 0.0
        var lowest = 0.0
        for k in 0..<n {
            let product = Double(row[k]) * Double(column[k])
            sum += product
            absoluteSum += abs(product)
            sumOfSquares += product * product
            highest = max(highest, sum)
            lowest = min(lowest, sum)
        }
        self.value = sum
        self.absoluteSum = absoluteSum
        self.prefixRange = highest - lowest
        self.sumOfSquares = sumOfSquares
        self.n = n
    }

    /// The largest honest distance from ``value`` (``ValueTolerance``).
    public var tolerance: Double {
        ValueTolerance.tolerance(n: n, prefixRange: prefixRange, sumOfSquares: sumOfSquares, absoluteSum: absoluteSum, value: value)
    }

    /// Whether a worker's float32 value for this cell is within ``tolerance``.
    public func accepts(_ claimed: Float) -> Bool {
        guard claimed.isFinite else { return false }
        return abs(Double(claimed) - value) <= tolerance
    }
}
