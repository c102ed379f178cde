/// An element of Fr, the scalar field of both groups: r = 0x73eda753…00000001 (255 bits).
/// Kept as its canonical value in four little-endian limbs; the curve code reads its bits.
public struct Scalar: Sendable, Hashable {
    public let limbs: [UInt64]

    static let modulusLimbs: [UInt64] = [
        0xffff_ffff_0000_0001, 0x53bd_a402_fffe_5bfe,
        0x3339_d808_09a1_d805, 0x73ed_a753_299d_7d48,
    ]

    public static let zero = Scalar(uncheckedLimbs: [0, 0, 0, 0])

    init(uncheckedLimbs limbs: [UInt64]) { self.limbs = limbs }

    /// The scalar from its 32-byte little-endian encoding (arkworks' serialization of Fr);
    /// nil when the value is not below r.
    public init?(littleEndian bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        let value = Scalar.limbs(littleEndian: Array(bytes))
        guard Scalar.isBelowModulus(value) else { return nil }
        self.limbs = value
    }

    /// The big-endian integer in `bytes` reduced modulo r (arkworks' `from_be_bytes_mod_order`
    /// for inputs of at most 32 bytes). 2^256 < 3r, so two masked subtractions suffice.
    public init(reducingBigEndian bytes: some Collection<UInt8>) {
        precondition(bytes.count <= 32, "at most 32 bytes")
        let padded = [UInt8](repeating: 0, count: 32 - bytes.count) + Array(bytes)
        var value = Scalar.limbs(littleEndian: padded.reversed())
        for _ in 0..<2 { value = Scalar.subtractModulusIfAbove(value) }
        self.limbs = value
    }

    /// A uniformly random scalar, by rejection of 255-bit candidates not below r.
    public static func random(using generator: inout some RandomNumberGenerator) -> Scalar {
        while true {
            var candidate = (0..<4).map { _ in generator.next() as UInt64 }
            candidate[3] &= 0x7fff_ffff_ffff_ffff
            if isBelowModulus(candidate) { return Scalar(uncheckedLimbs: candidate) }
        }
    }

    public static func random() -> Scalar {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    /// 32 bytes, little-endian, as arkworks serializes Fr.
    public var littleEndianBytes: [UInt8] {
        limbs.flatMap { limb in (0..<8).map { UInt8(truncatingIfNeeded: limb >> UInt64(8 * $0)) } }
    }

    public var isZero: Bool { limbs.allSatisfy { $0 == 0 } }

    static func limbs(littleEndian bytes: [UInt8]) -> [UInt64] {
        var limbs = [UInt64](repeating: 0, count: 4)
        for index in 0..<32 {
            let byte = UInt64(bytes[index])
            limbs[index / 8] |= byte << UInt64(8 * (index % 8))
        }
        return limbs
    }

    static func isBelowModulus(_ value: [UInt64]) -> Bool {
        for i in (0..<4).reversed() where value[i] != modulusLimbs[i] {
            return value[i] < modulusLimbs[i]
        }
        return false
    }

    /// value − r when value ≥ r, else value; the choice is a mask.
    static func subtractModulusIfAbove(_ value: [UInt64]) -> [UInt64] {
        var difference = [UInt64](repeating: 0, count: 4)
        var borrow: UInt64 = 0
        for i in 0..<4 { (difference[i], borrow) = sbb(value[i], modulusLimbs[i], borrow) }
        let keep = 0 &- borrow  // all ones when value < r
        return (0..<4).map { (value[$0] & keep) | (difference[$0] & ~keep) }
    }
}
