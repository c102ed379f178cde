import Foundation
import Testing
import TestSupport
@testable import ProofOfGPU

/// The verifier against simulated workers, honest and cheating, at sizes a debug build
/// multiplies quickly. `WorkerTests` drives the real `nicompute-pog` up to n = 4096.
@Suite("verification of challenged cells")
struct VerifierTests {
    static let n = 256
    static let seeds = SeedPair(a: 0xDEAD_BEEF_0123_4567, b: 0x8000_0000_0000_0001)
    static let a = SeededMatrix(seed: seeds.a, n: n).values
    static let b = SeededMatrix(seed: seeds.b, n: n).values
    static let honest = SimulatedWorker(n: n, c: naiveProduct(a, b, n: n))

    static func verify(_ worker: SimulatedWorker, cells: [Cell], seeds: SeedPair = seeds, response: ProofResponse? = nil)
        -> VerificationReport
    {
        PoGVerifier(n: worker.n).verify(
            seeds: [0: seeds], roots: [0: worker.root], challenges: [0: cells],
            response: response ?? worker.answer(cells: cells))
    }

    static func randomCells(_ count: Int, seed: UInt64) -> [Cell] {
        var rng = SplitMix64(seed: seed)
        return ChallengePolicy(cellsPerGPU: count).cells(n: n, using: &rng)
    }

    @Test("an honest float32 worker (naive recursive sums) passes on every cell")
    func honestPasses() {
        let allRowsSomeColumns = (0..<Self.n).map { Cell(i: $0, j: ($0 * 37) % Self.n) }
        let report = Self.verify(Self.honest, cells: allRowsSomeColumns)
        #expect(report.passed, "\(String(describing: report.failures))")
    }

    @Test("an honest float32 worker summing pairwise (as blocked BLAS kernels do) passes")
    func pairwisePasses() {
        var c = [Float](repeating: 0, count: Self.n * Self.n)
        for i in 0..<Self.n {
            for j in 0..<Self.n {
                c[i * Self.n + j] = pairwiseSum((0..<Self.n).map { Self.a[i * Self.n + $0] * Self.b[$0 * Self.n + j] })
            }
        }
        #expect(Self.verify(SimulatedWorker(n: Self.n, c: c), cells: Self.randomCells(64, seed: 1)).passed)
    }

    @Test("a wrong value, a wrong row, another row's proof and a root from other seeds are rejected")
    func tampering() throws {
        let cells = Self.randomCells(16, seed: 2)
        let honestAnswer = Self.honest.answer(cells: cells)
        var wrongValue = Self.honest.c
        wrongValue[cells[0].i * Self.n + cells[0].j] += 0.01
        let valueReport = Self.verify(SimulatedWorker(n: Self.n, c: wrongValue), cells: cells)
        #expect(!valueReport.passed)
        guard case .valueMismatch = valueReport.failures[0]! else { Issue.record("\(valueReport.failures)"); return }

        // Row i replaced by row i+1 (its own, valid proof does not match index i).
        var rows = honestAnswer.proofs[0].cells
        let other = (cells[0].i + 1) % Self.n
        let otherAnswer = Self.honest.answer(cells: [Cell(i: other, j: cells[0].j)]).proofs[0].cells[0]
        rows[0] = .init(i: cells[0].i, j: cells[0].j, row: otherAnswer.row, proof: honestAnswer.proofs[0].cells[0].proof)
        let wrongRow = Self.verify(Self.honest, cells: cells, response: .init(proofs: [.init(gpu: 0, cells: rows)]))
        #expect(wrongRow.failures[0]! == .merkleMismatch(cells[0]))

        rows = honestAnswer.proofs[0].cells
        rows[0] = .init(i: cells[0].i, j: cells[0].j, row: otherAnswer.row, proof: otherAnswer.proof)
        let otherProof = Self.verify(Self.honest, cells: cells, response: .init(proofs: [.init(gpu: 0, cells: rows)]))
        #expect(otherProof.failures[0]! == .merkleMismatch(cells[0]))

        let otherSeeds = SimulatedWorker(n: Self.n, c: naiveProduct(SeededMatrix(seed: 1, n: Self.n).values, Self.b, n: Self.n))
        #expect(!Self.verify(otherSeeds, cells: cells).passed)
    }

    @Test("C computed in half precision is rejected")
    func halfPrecision() {
        let a16 = Self.a.map { Float(Float16($0)) }
        let b16 = Self.b.map { Float(Float16($0)) }
        let c16 = naiveProduct(a16, b16, n: Self.n).map { Float(Float16($0)) }
        let worker = SimulatedWorker(n: Self.n, c: c16)
        for trial in 0..<8 {
            #expect(!Self.verify(worker, cells: Self.randomCells(16, seed: 100 + UInt64(trial))).passed)
        }
    }

    @Test("a miner that computed half the rows passes with probability 2^-k")
    func halfTheRows() {
        var c = Self.honest.c
        for index in (Self.n / 2 * Self.n)..<(Self.n * Self.n) { c[index] = 0.5 }  // rows n/2… never computed
        let cheater = SimulatedWorker(n: Self.n, c: c)
        // k = 2: expected pass rate 1/4. 400 trials: mean 100, sd ≈ 8.7.
        let passes = (0..<400).filter { Self.verify(cheater, cells: Self.randomCells(2, seed: 1000 + UInt64($0))).passed }.count
        #expect((65...135).contains(passes), "\(passes) of 400")
        #expect(abs(ChallengePolicy(cellsPerGPU: 2).cheatingSuccessProbability(computedFraction: 0.5) - 0.25) < 1e-12)
        // The default k = 16: 2^-16; in 100 trials none should pass.
        let k = ChallengePolicy.default.cellsPerGPU
        let defaultPasses = (0..<100).filter { Self.verify(cheater, cells: Self.randomCells(k, seed: 5000 + UInt64($0))).passed }.count
        #expect(defaultPasses == 0)
    }

    @Test("malformed answers are failures, never crashes")
    func malformed() {
        let cells = Self.randomCells(2, seed: 3)
        let good = Self.honest.answer(cells: cells).proofs[0].cells
        func report(_ cellsAnswer: [ProofResponse.CellProof], root: String? = nil) -> GPUFailure? {
            PoGVerifier(n: Self.n).verify(
                seeds: [0: Self.seeds], roots: [0: root ?? Self.honest.root], challenges: [0: cells],
                response: .init(proofs: [.init(gpu: 0, cells: cellsAnswer)])
            ).failures[0]!
        }
        #expect(report([]) == .missingProofs)
        #expect(report(Array(good.reversed())) == .cellsNotAsChallenged)
        #expect(report([.init(i: cells[0].i, j: cells[0].j, row: "!!", proof: good[0].proof), good[1]]) == .malformedRow(cells[0]))
        #expect(
            report([.init(i: cells[0].i, j: cells[0].j, row: "AAAAAA==", proof: good[0].proof), good[1]])
                == .wrongRowLength(cells[0], length: 1))
        #expect(report([.init(i: cells[0].i, j: cells[0].j, row: good[0].row, proof: ["zz"]), good[1]]) == .malformedProof(cells[0]))
        #expect(report(good, root: "abc") == .malformedRoot)
        let noRoot = PoGVerifier(n: Self.n).verify(seeds: [0: Self.seeds], roots: [:], challenges: [0: cells], response: .init(proofs: []))
        #expect(noRoot.failures[0]! == .noRoot && !noRoot.passed)
    }

    @Test("the tolerance's honest-rejection bound is negligible and it stays far below half precision's rounding")
    func toleranceShape() throws {
        #expect(ValueTolerance.honestRejectionBound < 1e-7)
        for n in [256, 4096, 16384] {
            let cell = try #require(ExactCell(seedA: 1, seedB: 2, i: 3, j: 4, n: n))
            // Relative to the scale of a cell, √Σp², the bound grows like √n·u, far under 2⁻¹¹.
            let relative = cell.tolerance / cell.sumOfSquares.squareRoot()
            #expect(relative > 0 && relative < 0x1p-11 / 2, "n = \(n): \(relative)")
        }
    }
}

/// A seeded generator for reproducible challenges.
