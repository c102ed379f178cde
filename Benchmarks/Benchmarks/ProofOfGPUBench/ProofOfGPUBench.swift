import Benchmark
import ProofOfGPU

/// Proof-of-GPU hot paths: the worker's generation and Merkle construction, and the
/// validator's verification of one challenged cell at the n of an 80 GB GPU class.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock],
        warmupIterations: 1,
        maxDuration: .seconds(5),
        maxIterations: 20
    )

    // n = 4096: a 64 MiB matrix, 4096 leaves of 16 KiB.
    let n = 4096
    let matrix = SeededMatrix(seed: 7, n: n).values

    Benchmark("merkle n=4096 (64 MiB)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(matrix.withUnsafeBufferPointer { MerkleTree(rowsOf: $0, rows: n, columns: n) }.root)
        }
    }

    Benchmark("generation n=4096 (16.8 M values)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(SeededMatrix(seed: 11, n: n).values.count)
        }
    }

    Benchmark("verify one cell n=16384") { benchmark in
        for iteration in benchmark.scaledIterations {
            blackHole(ExactCell(seedA: 1, seedB: 2, i: iteration % 16384, j: 77, n: 16384)?.accepts(4096) ?? false)
        }
    }
}
