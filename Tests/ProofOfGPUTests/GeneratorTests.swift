import Testing
@testable import ProofOfGPU

/// The Philox generator against published known answers and an independent Python
/// implementation (`scripts/pog/check_generator.py`), and the legacy generator against numpy.
@Suite("the seeded generators")
struct GeneratorTests {
    struct PhiloxVector: Sendable {
        let counter: [UInt32], key: [UInt32], output: [UInt32]
    }

    /// Random123's known-answer vectors for philox4x32-10 (kat_vectors).
    static let philoxVectors: [PhiloxVector] = [
        .init(counter: [0, 0, 0, 0], key: [0, 0], output: [0x6627_E8D5, 0xE169_C58D, 0xBC57_AC4C, 0x9B00_DBD8]),
        .init(
            counter: [0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF], key: [0xFFFF_FFFF, 0xFFFF_FFFF],
            output: [0x408F_276D, 0x41C8_3B0E, 0xA20B_C7C6, 0x6D54_51FD]),
        .init(
            counter: [0x243F_6A88, 0x85A3_08D3, 0x1319_8A2E, 0x0370_7344], key: [0xA409_3822, 0x299F_31D0],
            output: [0xD16C_FE09, 0x94FD_CCEB, 0x5001_E420, 0x2412_6EA1]),
    ]

    @Test("Philox4x32-10 reproduces Random123's known answers", arguments: philoxVectors)
    func philoxKnownAnswers(vector: PhiloxVector) {
        let out = Philox4x32.block(
            counter: (vector.counter[0], vector.counter[1], vector.counter[2], vector.counter[3]),
            key0: vector.key[0], key1: vector.key[1])
        #expect([out.0, out.1, out.2, out.3] == vector.output)
    }

    @Test("entries match the independent Python implementation (q · 2^-23, seed 5, row 0)")
    func independentValues() {
        // From scripts/pog/check_generator.py's entry_q(5, 0, j), j = 0…5.
        let expected: [Int32] = [-3_926_168, 1_169_489, -272_852, -575_006, -1_137_321, 4_711_144]
        let row = SeededGenerator.row(seed: 5, row: 0, count: 6)
        #expect(row.map { Int32(exactly: $0 * 0x1p23) ?? .min } == expected)
        #expect((0..<6).map { SeededGenerator.value(seed: 5, row: 0, column: UInt64($0)) } == row)
    }

    @Test("values are exact float32 multiples of 2^-23 in [-1, 1), zero-mean, and use all 64 seed bits")
    func valueShape() {
        let matrix = SeededMatrix(seed: 0xDEAD_BEEF_0123_4567, n: 64)
        #expect(matrix.values.allSatisfy { $0 >= -1 && $0 < 1 && ($0 * 0x1p23).rounded() == $0 * 0x1p23 })
        let mean = matrix.values.reduce(0.0) { $0 + Double($1) } / Double(matrix.values.count)
        // 4096 uniform values: the mean's standard deviation is 1/√(3·4096) ≈ 0.009.
        #expect(abs(mean) < 0.05)
        let highBitsChanged = SeededMatrix(seed: 0xDEAD_BEEF_0123_4567 ^ (1 << 63), n: 64)
        let lowBitsChanged = SeededMatrix(seed: 0xDEAD_BEEF_0123_4567 ^ 1, n: 64)
        let sameHigh = zip(matrix.values, highBitsChanged.values).filter { $0 == $1 }.count
        let sameLow = zip(matrix.values, lowBitsChanged.values).filter { $0 == $1 }.count
        #expect(sameHigh < 8 && sameLow < 8, "\(sameHigh), \(sameLow) of 4096 entries unchanged")
    }

    @Test("no shift structure: A[i+1][k] and A[i][k+1] differ almost everywhere (the legacy generator: everywhere equal)")
    func noShiftStructure() {
        let n = 128
        let matrix = SeededMatrix(seed: 42, n: n).values
        let legacy = SeededMatrix(seed: 42, n: n, generator: .legacyHankel).values
        var equal = 0
        var legacyEqual = 0
        for i in 0..<(n - 1) {
            for k in 0..<(n - 1) {
                if matrix[(i + 1) * n + k] == matrix[i * n + k + 1] { equal += 1 }
                if legacy[(i + 1) * n + k] == legacy[i * n + k + 1] { legacyEqual += 1 }
            }
        }
        #expect(equal < 4)
        #expect(legacyEqual == (n - 1) * (n - 1))
    }

    @Test("the matrix is the generator, row-major; rows and columns agree with single entries")
    func matrix() {
        for generator in [MatrixGenerator.philox, .legacyHankel] {
            let matrix = SeededMatrix(seed: 5, n: 37, generator: generator)
            #expect(matrix.values.count == 37 * 37)
            #expect(matrix.values[3 * 37 + 11] == generator.value(seed: 5, row: 3, column: 11))
            #expect(generator.row(seed: 5, row: 3, count: 37) == Array(matrix.values[(3 * 37)..<(4 * 37)]))
            #expect(generator.column(seed: 5, column: 11, count: 37) == (0..<37).map { matrix.values[$0 * 37 + 11] })
        }
        #expect(SeededGenerator.row(seed: 1, row: 0, count: 0).isEmpty && SeededGenerator.row(seed: 1, row: 0, count: -3).isEmpty)
    }

    struct LegacyVector: Sendable {
        let s: UInt64, i: UInt64, j: UInt64, state: UInt32, minerBits: UInt32, validatorBits: UInt32
    }

    /// Computed independently with Python/numpy from the reference's formula: the miner's rule
    /// `float32(state) / float32(0xFFFFFFFF)` and the validator's `float32(state / 4294967295.0)`.
    static let legacyVectors: [LegacyVector] = [
        .init(s: 0, i: 0, j: 0, state: 0, minerBits: 0, validatorBits: 0),
        .init(s: 1, i: 2, j: 3, state: 3_110_011_518, minerBits: 1_060_724_482, validatorBits: 1_060_724_482),
        .init(s: 12_345_678_901_234_567_890, i: 7, j: 9, state: 2_413_414_501, minerBits: 1_058_003_400, validatorBits: 1_058_003_400),
        .init(
            s: 9_223_372_036_854_775_813, i: 4_294_967_313, j: 1023, state: 1_608_233_844, minerBits: 1_052_751_719,
            validatorBits: 1_052_751_719),
        .init(
            s: 18_446_744_073_709_551_615, i: 1_099_511_627_779, j: 4095, state: 3_454_601_091, minerBits: 1_062_070_536,
            validatorBits: 1_062_070_536),
        .init(s: 987_654_321, i: 0, j: 16383, state: 1_322_367_085, minerBits: 1_050_518_385, validatorBits: 1_050_518_385),
        .init(s: 0, i: 0, j: 120, state: 3_296_955_520, minerBits: 1_061_454_732, validatorBits: 1_061_454_733),
    ]

    @Test("the legacy generator still matches numpy for both of the reference's rules", arguments: legacyVectors)
    func legacyKnownAnswers(vector: LegacyVector) {
        #expect(LegacyHankelGenerator.state(seed: vector.s, row: vector.i, column: vector.j) == vector.state)
        #expect(LegacyHankelGenerator.value(seed: vector.s, row: vector.i, column: vector.j).bitPattern == vector.minerBits)
        #expect(
            LegacyHankelGenerator.referenceValidatorValue(seed: vector.s, row: vector.i, column: vector.j).bitPattern
                == vector.validatorBits)
    }
}
