import Foundation
import Testing
@testable import ProofOfGPU

/// A benchmark, not a test: `scripts/bench/pog-rounds.sh` (POG_BENCH_ROUNDS=1000) runs that
/// many honest rounds through the real worker (CPU backend) and the verifier, and that many
/// rounds of each cheat through the verifier, and prints the false-rejection count and each
/// cheat's detection rate. Without POG_BENCH_ROUNDS it is skipped, and says so.
@Suite(
    "benchmark: honest rounds and cheat detection", .serialized,
    .enabled(if: ProcessInfo.processInfo.environment["POG_BENCH_ROUNDS"] != nil, "set POG_BENCH_ROUNDS (scripts/bench/pog-rounds.sh)"))
struct RoundsBenchmark {
    static var rounds: Int {
        let requested = Int(ProcessInfo.processInfo.environment["POG_BENCH_ROUNDS"] ?? "") ?? 0
        return min(max(requested, 1), 100_000)
    }

    @Test("honest CPU rounds through the real worker: false rejections")
    func honestRounds() throws {
        var rejected = 0
        var rng = SystemRandomNumberGenerator()
        for round in 0..<Self.rounds {
            let n = [64, 96, 128, 200, 256][round % 5]
            let result = try WorkerTests.round(n: n, seeds: SeedPair(a: rng.next(), b: rng.next()), challengeSeed: rng.next())
            if !result.report.passed {
                rejected += 1
                print("honest round \(round) (n = \(n)) rejected: \(String(describing: result.report.failures))")
            }
        }
        print("POG-BENCH honest CPU rounds: \(Self.rounds), false rejections: \(rejected)")
        #expect(rejected == 0)
    }

    @Test("cheats through the verifier: detection rate per cheat")
    func cheats() {
        // Small enough for a debug build to run many rounds; detection only grows with n.
        let n = 64
        var rng = SystemRandomNumberGenerator()
        var detected = [String: Int]()
        for _ in 0..<Self.rounds {
            let seeds = SeedPair(a: rng.next(), b: rng.next())
            let a = SeededMatrix(seed: seeds.a, n: n).values
            let b = SeededMatrix(seed: seeds.b, n: n).values
            var partial = naiveProduct(a, b, n: n)
            for i in stride(from: 0, to: n, by: 2) { for j in 0..<n { partial[i * n + j] = Float.random(in: -4...4, using: &rng) } }
            let other = SeedPair(a: rng.next(), b: seeds.b)
            let cheats: [(String, [Float])] = [
                ("shift recurrence", CheatTests.shiftForgery(n: n, seeds: seeds, generator: .philox)),
                ("fp16 inputs", naiveProduct(a.map { Float(Float16($0)) }, b.map { Float(Float16($0)) }, n: n)),
                ("TF32 inputs", naiveProduct(a.map(roundToTF32), b.map(roundToTF32), n: n)),
                ("half the rows wrong", partial),
                ("replayed from other seeds", naiveProduct(SeededMatrix(seed: other.a, n: n).values, b, n: n)),
            ]
            let cells = ChallengePolicy.default.cells(n: n, using: &rng)
            for (name, c) in cheats {
                let worker = SimulatedWorker(n: n, c: c)
                let report = PoGVerifier(n: n).verify(
                    seeds: [0: seeds], roots: [0: worker.root], challenges: [0: cells],
                    response: worker.answer(cells: cells))
                if !report.passed { detected[name, default: 0] += 1 }
            }
        }
        for (name, count) in detected.sorted(by: { $0.key < $1.key }) {
            print("POG-BENCH cheat \(name): detected \(count) of \(Self.rounds)")
        }
        #expect(detected.values.allSatisfy { $0 > 0 })
    }
}
