/// The entries of the seeded matrices A and B: Philox4x32-10 keyed by all 64 bits of the seed.
///
/// Entry (i, j) of the matrix with seed s is word `j mod 4` of
/// `Philox4x32-10(counter: (i mod 2³², ⌊j/4⌋ mod 2³², ⌊i/2³²⌋, ⌊j/2³⁴⌋), key: (s mod 2³², ⌊s/2³²⌋))`
/// (the last two counter words are 0 at every size in use), whose top 24 bits, read as a
/// signed integer q in [−2²³, 2²³), give the value q·2⁻²³ in [−1, 1).
///
/// Why this shape:
/// - A keyed bijection of (i, ⌊j/4⌋) has no algebraic relation between entries: unlike the
///   legacy generator (``LegacyHankelGenerator``), no entry is a shift or affine function of
///   another, so C has no shortcut cheaper than the product itself.
/// - Every value is exactly a float32 (24 significant bits), so the worker's A and B and the
///   validator's float64 recomputation see the same numbers, and the products aₖbₖ are exact
///   in float64.
/// - Zero-mean values keep C's partial sums small next to the rounding of reduced-precision
///   inputs, which is what lets ``ValueTolerance`` reject fp16 and TF32 while accepting fp32.
/// - Any entry costs one block: the validator regenerates a row and a column in O(n), a GPU
///   generates all n² in parallel (``PhiloxPTX`` in the worker does exactly this).
public enum SeededGenerator {
    /// The value of one output word: its top 24 bits as a signed integer, times 2⁻²³.
    public static let scale: Float = 0x1p-23

    /// The key words of a 64-bit seed: its low and high halves.
    @inline(__always)
    public static func key(_ seed: UInt64) -> (UInt32, UInt32) {
        (UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32))
    }

    /// The Philox block holding entries (row, 4·block … 4·block + 3).
    @inline(__always)
    public static func block(seed: UInt64, row: UInt64, block: UInt64) -> Philox4x32.Block {
        let (key0, key1) = key(seed)
        let counter = (
            UInt32(truncatingIfNeeded: row), UInt32(truncatingIfNeeded: block),
            UInt32(truncatingIfNeeded: row >> 32), UInt32(truncatingIfNeeded: block >> 32)
        )
        return Philox4x32.block(counter: counter, key0: key0, key1: key1)
    }

    /// The signed 24-bit integer q of an output word (the value is q·2⁻²³).
    @inline(__always)
    public static func integer(_ word: UInt32) -> Int32 {
        Int32(bitPattern: word) >> 8
    }

    /// The value of an output word, in [−1, 1).
    @inline(__always)
    public static func value(_ word: UInt32) -> Float {
        Float(integer(word)) * scale
    }

    /// Entry (`row`, `column`) of the matrix with seed `seed`.
    @inline(__always)
    public static func value(seed: UInt64, row: UInt64, column: UInt64) -> Float {
        let words = block(seed: seed, row: row, block: column / 4)
        switch column % 4 {
        case 0: return value(words.0)
        case 1: return value(words.1)
        case 2: return value(words.2)
        default: return value(words.3)
        }
    }

    /// Writes `count` entries of row `row`, column 0 first, one Philox block per four entries.
    public static func fill(seed: UInt64, row: UInt64, into output: UnsafeMutablePointer<Float>, count: Int) {
        var column = 0
        var blockIndex: UInt64 = 0
        while column < count {
            let words = block(seed: seed, row: row, block: blockIndex)
            output[column] = value(words.0)
            if column + 1 < count { output[column + 1] = value(words.1) }
            if column + 2 < count { output[column + 2] = value(words.2) }
            if column + 3 < count { output[column + 3] = value(words.3) }
            column += 4
            blockIndex += 1
        }
    }

    /// Row `row` of the matrix: `count` values (none for a count below 1), column 0 first.
    public static func row(seed: UInt64, row: UInt64, count: Int) -> [Float] {
        guard count > 0 else { return [] }
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            fill(seed: seed, row: row, into: base, count: count)
            initialized = count
        }
    }

    /// Column `column` of the matrix: `count` values (none for a count below 1), row 0 first.
    public static func column(seed: UInt64, column: UInt64, count: Int) -> [Float] {
        guard count > 0 else { return [] }
        return (0..<count).map { value(seed: seed, row: UInt64($0), column: column) }
    }
}
