/// An n×n float32 matrix filled by ``SeededGenerator``, row-major, generated on all cores.
public struct SeededMatrix: Sendable {
    public let n: Int
    /// Row-major entries: element (i, j) at `i·n + j`.
    public let values: [Float]

    public init(seed: UInt64, n: Int) {
        precondition(n > 0)
        self.n = n
        var values = [Float](repeating: 0, count: n * n)
        values.withUnsafeMutableBufferPointer { buffer in
            let output = SendablePointer(buffer.baseAddress)
            ParallelRows.forEach(n) { i in
                let rowStart = output.pointer + i * n
                for j in 0..<n {
                    rowStart[j] = SeededGenerator.value(seed: seed, row: UInt64(i), column: UInt64(j))
                }
            }
        }
        self.values = values
    }
}
