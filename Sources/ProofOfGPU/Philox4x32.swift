/// The Philox4x32-10 block function of Salmon, Moraes, Dror and Shaw, "Parallel random
/// numbers: as easy as 1, 2, 3" (SC11), written from the paper's description.
///
/// A keyed bijection of a 128-bit counter: ten rounds, each two 32×32→64-bit multiplications
/// (multipliers 0xD2511F53 and 0xCD9E8D57) whose high halves are mixed with the other two
/// words and the round key, the key advancing by the Weyl increments 0x9E3779B9 and
/// 0xBB67AE85 between rounds. Pinned to the Random123 known answers in `GeneratorTests`.
///
/// Counter-based on purpose: any entry of a matrix is one block away, so the validator
/// regenerates a row and a column in O(n), and a GPU generates every entry in parallel.
public enum Philox4x32 {
    /// Four 32-bit words: a counter in, a block of output out.
    public typealias Block = (UInt32, UInt32, UInt32, UInt32)

    static let multiplier0: UInt32 = 0xD251_1F53
    static let multiplier1: UInt32 = 0xCD9E_8D57
    static let weyl0: UInt32 = 0x9E37_79B9
    static let weyl1: UInt32 = 0xBB67_AE85
    public static let rounds = 10

    /// The 128-bit output for `counter` under the 64-bit key (`key0`, `key1`).
    @inline(__always)
    public static func block(counter: Block, key0: UInt32, key1: UInt32) -> Block {
        var (c0, c1, c2, c3) = counter
        var k0 = key0
        var k1 = key1
        for round in 0..<rounds {
            if round > 0 {
                k0 &+= weyl0
                k1 &+= weyl1
            }
            let product0 = UInt64(multiplier0) &* UInt64(c0)
            let product1 = UInt64(multiplier1) &* UInt64(c2)
            let high0 = UInt32(truncatingIfNeeded: product0 >> 32)
            let low0 = UInt32(truncatingIfNeeded: product0)
            let high1 = UInt32(truncatingIfNeeded: product1 >> 32)
            let low1 = UInt32(truncatingIfNeeded: product1)
            c0 = high1 ^ c1 ^ k0
            c1 = low1
            c2 = high0 ^ c3 ^ k1
            c3 = low0
        }
        return (c0, c1, c2, c3)
    }
}
