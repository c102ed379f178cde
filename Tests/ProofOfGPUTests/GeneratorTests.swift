import Testing
@testable import ProofOfGPU

/// Expected values computed independently with Python/numpy from the reference's formula:
/// the miner's rule `float32(state) / float32(0xFFFFFFFF)` and the validator's
/// `float32(state / 4294967295.0)`.
@Suite("the seeded generator")
struct GeneratorTests {
    struct Vector: Sendable {
        let s: UInt64, i: UInt64, j: UInt64, state: UInt32, minerBits: UInt32, validatorBits: UInt32
    }

    static let vectors: [Vector] = [
        .init(s: 0, i: 0, j: 0, state: 0, minerBits: 0, validatorBits: 0),
        .init(s: 1, i: 2, j: 3, state: 3_110_011_518, minerBits: 1_060_724_482, validatorBits: 1_060_724_482),
        .init(s: 12_345_678_901_234_567_890, i: 7, j: 9, state: 2_413_414_501, minerBits: 1_058_003_400, validatorBits: 1_058_003_400),
        // s ≥ 2^63 and i ≥ 2^32.
        .init(s: 9_223_372_036_854_775_813, i: 4_294_967_313, j: 1023, state: 1_608_233_844, minerBits: 1_052_751_719, validatorBits: 1_052_751_719),
        .init(s: 18_446_744_073_709_551_615, i: 1_099_511_627_779, j: 4095, state: 3_454_601_091, minerBits: 1_062_070_536, validatorBits: 1_062_070_536),
        .init(s: 987_654_321, i: 0, j: 16383, state: 1_322_367_085, minerBits: 1_050_518_385, validatorBits: 1_050_518_385),
        // Where the two rules differ by one ulp (the state is a float32 rounding tie).
        .init(s: 0, i: 0, j: 120, state: 3_296_955_520, minerBits: 1_061_454_732, validatorBits: 1_061_454_733),
    ]

    @Test("states and values match numpy for both of the reference's rules", arguments: vectors)
    func knownAnswers(vector: Vector) {
        #expect(SeededGenerator.state(seed: vector.s, row: vector.i, column: vector.j) == vector.state)
        #expect(SeededGenerator.value(seed: vector.s, row: vector.i, column: vector.j).bitPattern == vector.minerBits)
        #expect(SeededGenerator.referenceValidatorValue(seed: vector.s, row: vector.i, column: vector.j).bitPattern == vector.validatorBits)
    }

    @Test("the rules differ by at most one ulp, on about one entry in a hundred")
    func rulesDifferByOneUlp() {
        var differing = 0
        var total = 0
        for i in 0..<64 {
            for j in 0..<256 {
                let ours = SeededGenerator.value(seed: 77, row: UInt64(i), column: UInt64(j))
                let theirs = SeededGenerator.referenceValidatorValue(seed: 77, row: UInt64(i), column: UInt64(j))
                total += 1
                if ours != theirs {
                    differing += 1
                    #expect(abs(Int64(ours.bitPattern) - Int64(theirs.bitPattern)) == 1)
                }
            }
        }
        #expect(differing > 0 && differing < total / 20)
    }

    @Test("the matrix is the generator, row-major, and values lie in [0, 1]")
    func matrix() {
        let matrix = SeededMatrix(seed: 5, n: 37)
        #expect(matrix.values.count == 37 * 37)
        #expect(matrix.values[3 * 37 + 11] == SeededGenerator.value(seed: 5, row: 3, column: 11))
        #expect(SeededGenerator.row(seed: 5, row: 3, count: 37) == Array(matrix.values[(3 * 37)..<(4 * 37)]))
        #expect(SeededGenerator.column(seed: 5, column: 11, count: 37) == (0..<37).map { matrix.values[$0 * 37 + 11] })
        #expect(matrix.values.allSatisfy { (0...1).contains($0) })
    }
}
