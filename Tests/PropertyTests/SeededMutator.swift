import Foundation
import TestSupport

/// A seeded mutator of byte strings for the property harnesses: where libFuzzer cannot be linked
/// (the Register API and the validator bring the server stack, which the fuzzer's instrumentation
/// and AddressSanitizer do not build), these run the same kind of inputs through the real
/// parsing code, reproducibly. The seed is printed with every failure; `NICOMPUTE_PROPERTY_SEED`
/// replays it, and `NICOMPUTE_PROPERTY_RUNS` sets how many inputs each property gets (`make
/// test`: 5 000; `make fuzz`: 10 million).
struct SeededMutator {
    private var generator: SplitMix64
    let seed: UInt64

    init(seed: UInt64? = nil) {
        let environment = ProcessInfo.processInfo.environment
        self.seed = seed ?? environment["NICOMPUTE_PROPERTY_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 0...UInt64.max)
        generator = SplitMix64(seed: self.seed)
    }

    /// Inputs per property.
    static var runs: Int {
        ProcessInfo.processInfo.environment["NICOMPUTE_PROPERTY_RUNS"].flatMap { Int($0) }.map { min(max($0, 1), 100_000_000) } ?? 5_000
    }

    /// SplitMix64: small, fast and good enough to pick mutations.
    mutating func next() -> UInt64 { generator.next() }

    /// A number in 0..<bound (bound > 0).
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// Tokens that break parsers: the edges of Int and Double, odd literals, structure.
    static let tokens: [String] = [
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "18446744073709551616", "1e308", "-1e308", "1e309",
        "1e-400", "-0", "0.0", "4.9e-324", "NaN", "Infinity", "-1", "0", "1", "1.5", "65536", "16777217", "3650", "1e31", "1e-9",
        "null", "true", "false", "\"\"", "\"\\u0000\"", "\"\\ud800\"", "{", "}", "[", "]", ",", ":", "\"", "\\",
        "[[[[[[[[[[[[[[[[", String(repeating: "9", count: 400), "%00", "%ff", "&", "=", "&&==", "+", "%",
    ]

    /// One to four mutations of `seed`: byte flips, insertions, deletions, duplications, and
    /// tokens spliced in at random places.
    mutating func mutate(_ seed: [UInt8]) -> [UInt8] {
        var bytes = seed
        for _ in 0...below(4) {
            let at = bytes.isEmpty ? 0 : below(bytes.count + 1)
            switch below(6) {
            case 0 where !bytes.isEmpty && at < bytes.count:
                bytes[at] ^= UInt8(truncatingIfNeeded: 1 << below(8))
            case 1:
                bytes.insert(UInt8(truncatingIfNeeded: next()), at: at)
            case 2 where !bytes.isEmpty:
                let end = min(bytes.count, at + 1 + below(16))
                if at < end { bytes.removeSubrange(at..<end) }
            case 3 where !bytes.isEmpty && at < bytes.count:
                let end = min(bytes.count, at + 1 + below(32))
                bytes.insert(contentsOf: bytes[at..<end], at: at)
            default:
                bytes.insert(contentsOf: Array(Self.tokens[below(Self.tokens.count)].utf8), at: at)
            }
        }
        return bytes
    }
}
