import Testing
import TestSupport
@testable import ProofOfGPU

/// ``ValueTolerance`` separates float32 from reduced precision at the sizes a CPU runs: every
/// honest float32 summation order passes every cell, and inputs rounded to 11 significant bits
/// (fp16, TF32) fail most cells, so a GPU whose 16 challenged cells were computed that way
/// fails. Cells are recomputed one at a time (O(n) each), so large n stays cheap.
@Suite("precision that matches the fp32 claim")
struct PrecisionTests {
    struct CellInputs {
        let row: [Float]
        let column: [Float]
        let exact: ExactCell
    }

    static func inputs(n: Int, cell: Cell, seeds: SeedPair) throws -> CellInputs {
        CellInputs(
            row: SeededGenerator.row(seed: seeds.a, row: UInt64(cell.i), count: n),
            column: SeededGenerator.column(seed: seeds.b, column: UInt64(cell.j), count: n),
            exact: try #require(ExactCell(seedA: seeds.a, seedB: seeds.b, i: cell.i, j: cell.j, n: n)))
    }

    static func sequential32(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).reduce(Float(0)) { $0 + $1.0 * $1.1 }
    }

    static func fused32(_ a: [Float], _ b: [Float]) -> Float {
        // Fused multiply-add chains: each step rounds once.
        zip(a, b).reduce(Float(0)) { $0.addingProduct($1.0, $1.1) }
    }

    static func blocked32(_ a: [Float], _ b: [Float], block: Int) -> Float {
        // Split-K as GPU kernels do: float32 partial sums of contiguous blocks, then their sum.
        var partials = [Float]()
        var start = 0
        while start < a.count {
            let end = min(start + block, a.count)
            partials.append((start..<end).reduce(Float(0)) { $0 + a[$1] * b[$1] })
            start = end
        }
        return pairwiseSum(partials)
    }

    static func roundedInputs(_ a: [Float], _ b: [Float], _ round: (Float) -> Float, accumulateIn64: Bool) -> Float {
        if accumulateIn64 { return Float(zip(a, b).reduce(0.0) { $0 + Double(round($1.0)) * Double(round($1.1)) }) }
        return zip(a, b).reduce(Float(0)) { $0 + round($1.0) * round($1.1) }
    }

    @Test("honest float32 sums always pass; fp16 and TF32 inputs fail the GPU", arguments: [256, 1024, 4096, 8192])
    func separation(n: Int) throws {
        let seeds = SeedPair(a: 0xA5A5_5A5A_0F0F_F0F0 &+ UInt64(n), b: 0x1357_9BDF_2468_ACE0)
        var rng = SplitMix64(seed: UInt64(n))
        let cells = ChallengePolicy.default.cells(n: n, using: &rng)
        var halfRejected = 0
        var tf32Rejected = 0
        for cell in cells {
            let input = try Self.inputs(n: n, cell: cell, seeds: seeds)
            let honest = [
                Self.sequential32(input.row, input.column), pairwiseSum(zip(input.row, input.column).map { $0 * $1 }),
                Self.blocked32(input.row, input.column, block: 64), Self.fused32(input.row, input.column),
            ]
            for value in honest {
                #expect(
                    input.exact.accepts(value), "n = \(n), cell \(cell): honest \(value) vs \(input.exact.value) ± \(input.exact.tolerance)"
                )
            }
            let half = Self.roundedInputs(input.row, input.column, { Float(Float16($0)) }, accumulateIn64: false)
            let tf32 = Self.roundedInputs(input.row, input.column, roundToTF32, accumulateIn64: true)
            if !input.exact.accepts(half) { halfRejected += 1 }
            if !input.exact.accepts(tf32) { tf32Rejected += 1 }
        }
        // One rejected cell fails the GPU; most cells are rejected at every size here.
        #expect(halfRejected >= cells.count / 2, "n = \(n): fp16 rejected on \(halfRejected) of \(cells.count) cells")
        #expect(tf32Rejected >= cells.count / 2, "n = \(n): TF32 rejected on \(tf32Rejected) of \(cells.count) cells")
    }
}
