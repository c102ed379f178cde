import Foundation
import Testing
import TestSupport
@testable import ProofOfGPU

/// One test per cheat, each run through the validator's verifier (``PoGVerifier``) or its
/// timing judgement (``ComputeDeadline``), each failing for its own reason.
@Suite("cheats are caught")
struct CheatTests {
    static let seeds = SeedPair(a: 0x0123_4567_89AB_CDEF, b: 0xFEDC_BA98_7654_3210)

    static func cells(_ count: Int, n: Int, seed: UInt64) -> [Cell] {
        var rng = SplitMix64(seed: seed)
        return ChallengePolicy(cellsPerGPU: count).cells(n: n, using: &rng)
    }

    static func verify(_ worker: SimulatedWorker, seeds: SeedPair = seeds, generator: MatrixGenerator = .philox, challengeSeed: UInt64)
        -> VerificationReport
    {
        let challenged = cells(ChallengePolicy.default.cellsPerGPU, n: worker.n, seed: challengeSeed)
        return PoGVerifier(n: worker.n, generator: generator).verify(
            seeds: [0: seeds], roots: [0: worker.root], challenges: [0: challenged],
            response: worker.answer(cells: challenged))
    }

    /// The shift-recurrence forgery of issue 15: treat A[i][k] as a(i + k) and B[k][j] as
    /// b(k + j), compute C's first row and column by n dot products each, then every other cell
    /// by `C[i+1][j+1] = C[i][j] − a(i)·b(j) + a(i+n)·b(j+n)`: about 3n² operations, no product.
    static func shiftForgery(n: Int, seeds: SeedPair, generator: MatrixGenerator) -> [Float] {
        // a(m) = A[0][m] and b(m) = B[0][m] for m < 2n − 1: what the Hankel structure promises.
        let a = generator.row(seed: seeds.a, row: 0, count: 2 * n).map(Double.init)
        let b = generator.row(seed: seeds.b, row: 0, count: 2 * n).map(Double.init)
        var c = [Double](repeating: 0, count: n * n)
        for j in 0..<n { c[j] = (0..<n).reduce(0) { $0 + a[$1] * b[$1 + j] } }
        for i in 1..<n { c[i * n] = (0..<n).reduce(0) { $0 + a[i + $1] * b[$1] } }
        for i in 0..<(n - 1) {
            for j in 0..<(n - 1) {
                c[(i + 1) * n + j + 1] = c[i * n + j] - a[i] * b[j] + a[i + n] * b[j + n]
            }
        }
        return c.map { Float($0) }
    }

    @Test("the shift-recurrence forgery passes against the legacy generator and fails against Philox")
    func shiftRecurrence() {
        let n = 256
        let legacy = SimulatedWorker(n: n, c: Self.shiftForgery(n: n, seeds: Self.seeds, generator: .legacyHankel))
        // The demonstration: without any product, all 16 cells pass against the old generator.
        for trial in 0..<4 {
            let report = Self.verify(legacy, generator: .legacyHankel, challengeSeed: 10 + UInt64(trial))
            #expect(report.passed, "\(String(describing: report.failures))")
        }
        let forged = SimulatedWorker(n: n, c: Self.shiftForgery(n: n, seeds: Self.seeds, generator: .philox))
        for trial in 0..<4 {
            let report = Self.verify(forged, challengeSeed: 10 + UInt64(trial))
            #expect(!report.passed)
            guard case .valueMismatch = report.failures[0] else { Issue.record("\(String(describing: report.failures))"); continue }
        }
    }

    @Test("random C, and C with a quarter of its rows wrong, fail on their values")
    func randomAndPartial() {
        let n = 128
        let a = SeededMatrix(seed: Self.seeds.a, n: n).values
        let b = SeededMatrix(seed: Self.seeds.b, n: n).values
        let honest = naiveProduct(a, b, n: n)
        var rng = SplitMix64(seed: 9)
        let random = SimulatedWorker(n: n, c: honest.map { _ in Float.random(in: -8...8, using: &rng) })
        var partial = honest
        // Every fourth row was never computed: garbage of the right size and magnitude.
        for i in stride(from: 0, to: n, by: 4) {
            for j in 0..<n { partial[i * n + j] = Float.random(in: -8...8, using: &rng) }
        }
        let partialWorker = SimulatedWorker(n: n, c: partial)
        var partialPasses = 0
        for trial in 0..<20 {
            let report = Self.verify(random, challengeSeed: 100 + UInt64(trial))
            #expect(!report.passed)
            if case .valueMismatch = report.failures[0] {} else { Issue.record("\(String(describing: report.failures))") }
            if Self.verify(partialWorker, challengeSeed: 200 + UInt64(trial)).passed { partialPasses += 1 }
        }
        // (3/4)^16 ≈ 1 %: one pass in 20 trials is already unlikely, two would be a defect.
        #expect(partialPasses <= 1)
        #expect(abs(ChallengePolicy.default.cheatingSuccessProbability(computedFraction: 0.75) - pow(0.75, 16)) < 1e-15)
        #expect(Self.verify(SimulatedWorker(n: n, c: honest), challengeSeed: 300).passed)
    }

    @Test("a result replayed from an earlier round (other seeds) fails on its values")
    func replay() {
        let n = 128
        let earlier = SeedPair(a: Self.seeds.a &+ 1, b: Self.seeds.b)
        let replayed = SimulatedWorker(
            n: n,
            c: naiveProduct(
                SeededMatrix(seed: earlier.a, n: n).values,
                SeededMatrix(seed: earlier.b, n: n).values, n: n))
        #expect(Self.verify(replayed, seeds: earlier, challengeSeed: 1).passed)
        let report = Self.verify(replayed, seeds: Self.seeds, challengeSeed: 1)
        #expect(!report.passed)
        guard case .valueMismatch = report.failures[0] else { Issue.record("\(String(describing: report.failures))"); return }
        // Only the seed's high half differs: the legacy generator ignored it, Philox does not.
        let highHalf = SeedPair(a: Self.seeds.a ^ (1 << 40), b: Self.seeds.b)
        #expect(!Self.verify(replayed, seeds: highHalf, challengeSeed: 1).passed)
    }

    @Test("fp16 and TF32 inputs claimed as fp32 fail through the verifier")
    func reducedPrecisionThroughVerifier() {
        let n = 256
        let a = SeededMatrix(seed: Self.seeds.a, n: n).values
        let b = SeededMatrix(seed: Self.seeds.b, n: n).values
        let half = SimulatedWorker(n: n, c: naiveProduct(a.map { Float(Float16($0)) }, b.map { Float(Float16($0)) }, n: n))
        let tf32 = SimulatedWorker(n: n, c: naiveProduct(a.map(roundToTF32), b.map(roundToTF32), n: n))
        for trial in 0..<4 {
            for worker in [half, tf32] {
                let report = Self.verify(worker, challengeSeed: 400 + UInt64(trial))
                #expect(!report.passed)
                if case .valueMismatch = report.failures[0] {} else { Issue.record("\(String(describing: report.failures))") }
            }
        }
    }

    @Test("a benchmark claiming more speed than the compute shows fails; so does a compute slower than the table")
    func overstatedBenchmark() throws {
        // An H100 row (49 TFLOPS fp32) at its compute size, one GPU, 5 s tolerance.
        let n = 20704
        let honest = try #require(ComputeDeadline(n: n, gpuCount: 1, tableFP32TFLOPS: 49, claimedFP32TFLOPS: 48, timeTolerance: 5))
        let boasting = try #require(ComputeDeadline(n: n, gpuCount: 1, tableFP32TFLOPS: 49, claimedFP32TFLOPS: 5_000, timeTolerance: 5))
        let timing = [ComputeResponse.Timing(gpu: 0, generationSeconds: 0.1, multiplicationSeconds: 0.4, merkleSeconds: 1)]
        let between = (boasting.seconds + (honest.tableSeconds ?? 0)) / 2
        #expect(honest.judge(measuredSeconds: between, elapsedSeconds: between, timings: timing) == nil)
        guard case .benchmarkOverstated = boasting.judge(measuredSeconds: between, elapsedSeconds: between, timings: timing) else {
            Issue.record("expected an overstated benchmark"); return
        }
        let late = (honest.tableSeconds ?? 0) + 1
        guard case .pastDeadline = honest.judge(measuredSeconds: late, elapsedSeconds: late, timings: timing) else {
            Issue.record("expected a missed deadline"); return
        }
        // A benchmark claiming a million times the speed its own compute multiply then shows
        // (the interop tests' claims-fast miner: benchmark seconds rewritten to 1e-6).
        let claimsFast = try #require(
            ComputeDeadline(n: 256, gpuCount: 1, tableFP32TFLOPS: nil, claimedFP32TFLOPS: 17_000, timeTolerance: 5))
        let cpuTiming = [ComputeResponse.Timing(gpu: 0, generationSeconds: 0.001, multiplicationSeconds: 0.002, merkleSeconds: 0.001)]
        guard case .multiplySlowerThanClaimed = claimsFast.judge(measuredSeconds: 0.1, elapsedSeconds: 0.1, timings: cpuTiming) else {
            Issue.record("expected claims that contradict each other"); return
        }
        let honestCPU = try #require(ComputeDeadline(n: 256, gpuCount: 1, tableFP32TFLOPS: nil, claimedFP32TFLOPS: 0.05, timeTolerance: 5))
        #expect(honestCPU.judge(measuredSeconds: 0.1, elapsedSeconds: 0.1, timings: cpuTiming) == nil)
        // Claimed phase times longer than the command took are lies about timing.
        let lying = [ComputeResponse.Timing(gpu: 0, generationSeconds: 0, multiplicationSeconds: 30, merkleSeconds: 0)]
        #expect(
            honest.judge(measuredSeconds: 2, elapsedSeconds: 2.1, timings: lying) == .phasesExceedClock(gpu: 0, reported: 30, measured: 2.1)
        )
        // Several claimed GPUs share one deadline: eight serial products on one device take
        // eight times the table's multiply time, which the shared deadline does not grant.
        let eight = try #require(ComputeDeadline(n: n, gpuCount: 8, tableFP32TFLOPS: 49, claimedFP32TFLOPS: 48, timeTolerance: 5))
        let oneProduct = 2 * pow(Double(n), 3) / 49e12
        #expect(eight.seconds < 5 + 2 * oneProduct + 8 * Double(n * n) * 4 / ComputeDeadline.hostBytesPerSecond + 1e-9)
    }
}

extension CheatTests {
    @Test("one device answering serially for several claimed GPUs misses the shared deadline once products dominate")
    func serialAnswering() throws {
        // A hypothetical configuration where the product dominates the tolerance (n = 41 408,
        // 40 % of an H100's table VRAM, tolerance 1 s): eight products in a row on one H100
        // take 8× the table's multiply time, the shared deadline grants 2×.
        let n = 41_408
        let gpus = 8
        let deadline = try #require(ComputeDeadline(n: n, gpuCount: gpus, tableFP32TFLOPS: 49, claimedFP32TFLOPS: 49, timeTolerance: 1))
        let product = 2 * pow(Double(n), 3) / 49e12
        let host = Double(gpus) * Double(n) * Double(n) * 4 / ComputeDeadline.hostBytesPerSecond
        let parallel = product + host
        let serial = Double(gpus) * product + host
        #expect(deadline.judge(measuredSeconds: parallel, elapsedSeconds: parallel, timings: []) == nil)
        guard case .pastDeadline = deadline.judge(measuredSeconds: serial, elapsedSeconds: serial, timings: []) else {
            Issue.record("serial answering for \(gpus) GPUs should miss the deadline"); return
        }
    }
}

/// `value` rounded to TF32 (10 explicit significand bits, round to nearest even).
func roundToTF32(_ value: Float) -> Float {
    let bits = value.bitPattern
    let rounding: UInt32 = 0xFFF + ((bits >> 13) & 1)
    return Float(bitPattern: (bits &+ rounding) & ~UInt32(0x1FFF))
}
