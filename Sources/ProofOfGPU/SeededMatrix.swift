/// An n×n float32 matrix of seeded entries, row-major, generated on all cores.
public struct SeededMatrix: Sendable {
    public let n: Int
    /// Row-major entries: element (i, j) at `i·n + j`.
    public let values: [Float]

    /// `n` must be in ``PoGLimits/matrixSizes``: the caller validates sizes from outside.
    public init(seed: UInt64, n: Int, generator: MatrixGenerator = .philox) {
        precondition(PoGLimits.matrixSizes.contains(n), "n must be validated before generating")
        self.n = n
        var values = [Float](repeating: 0, count: n * n)
        values.withUnsafeMutableBufferPointer { buffer in
            let output = SendablePointer(buffer.baseAddress)
            ParallelRows.forEach(n) { i in
                let rowStart = output.pointer + i * n
                switch generator {
                case .philox:
                    SeededGenerator.fill(seed: seed, row: UInt64(i), into: rowStart, count: n)
                case .legacyHankel:
                    for j in 0..<n { rowStart[j] = LegacyHankelGenerator.value(seed: seed, row: UInt64(i), column: UInt64(j)) }
                }
            }
        }
        self.values = values
    }
}
