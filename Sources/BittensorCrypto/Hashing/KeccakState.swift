/// A 1600-bit Keccak state with byte-level access, shared by the sponge users in this module.
struct KeccakState: Sendable {
    /// 25 lanes; byte i of the state is byte (i mod 8) of lane i / 8 in little-endian order,
    /// which is the in-memory layout on the little-endian machines Swift runs on (x86-64, arm64).
    private var lanes = [UInt64](repeating: 0, count: 25)

    init() {}

    /// Runs `body` with the 200 state bytes; `permute` inside it applies Keccak-f[1600].
    @inline(__always)
    mutating func withBytes<R>(_ body: (UnsafeMutablePointer<UInt8>, _ permute: () -> Void) throws -> R) rethrows -> R {
        try lanes.withUnsafeMutableBufferPointer { buffer in
            let words = buffer.baseAddress!  // a 25-element array always has storage
            return try words.withMemoryRebound(to: UInt8.self, capacity: 200) { bytes in
                try body(bytes, { KeccakF1600.permute(words) })
            }
        }
    }
}
