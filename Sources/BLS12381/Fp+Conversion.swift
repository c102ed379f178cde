extension Fp {
    /// The field element whose canonical value is given as 48 big-endian bytes; nil when the
    /// value is not below p (a non-canonical encoding, which the peers refuse too).
    public init?(bigEndian bytes: some Collection<UInt8>) {
        guard bytes.count == 48 else { return nil }
        var limbs = [UInt64](repeating: 0, count: 6)
        for (index, byte) in bytes.enumerated() {
            let limb = 5 - index / 8
            limbs[limb] = (limbs[limb] << 8) | UInt64(byte)
        }
        self.init(canonicalLimbs: limbs)
    }

    /// The field element for canonical little-endian limbs below p, or nil.
    init?(canonicalLimbs limbs: [UInt64]) {
        guard limbs.count == 6 else { return nil }
        let plain = Fp(limbs: limbs[0], limbs[1], limbs[2], limbs[3], limbs[4], limbs[5])
        guard Fp.isBelowModulus(limbs) else { return nil }
        self = plain * Fp.r2
    }

    /// The element n, for a small integer n.
    public init(_ n: UInt64) {
        self = Fp(limbs: n, 0, 0, 0, 0, 0) * Fp.r2
    }

    static func isBelowModulus(_ limbs: [UInt64]) -> Bool {
        for i in (0..<6).reversed() where limbs[i] != modulus[i] {
            return limbs[i] < modulus[i]
        }
        return false
    }

    /// The canonical value (out of Montgomery form) as little-endian limbs.
    var canonicalLimbs: [UInt64] {
        let c = Fp.montgomeryReduce(l0, l1, l2, l3, l4, l5, 0, 0, 0, 0, 0, 0)
        return [c.l0, c.l1, c.l2, c.l3, c.l4, c.l5]
    }

    /// The canonical value as 48 big-endian bytes (the zcash point encoding's order).
    public var bigEndianBytes: [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(48)
        for limb in canonicalLimbs.reversed() {
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: limb >> UInt64(shift))) }
        }
        return bytes
    }

    /// The canonical value as 48 little-endian bytes (arkworks' field serialization).
    public var littleEndianBytes: [UInt8] { bigEndianBytes.reversed() }

    /// Whether the canonical value exceeds (p − 1) / 2: the "sign" the zcash encoding stores
    /// for a compressed point's y.
    public var isLexicographicallyLargest: Bool {
        let value = canonicalLimbs
        let half = Fp.halfModulus
        for i in (0..<6).reversed() where value[i] != half[i] {
            return value[i] > half[i]
        }
        return false
    }

    /// sgn0 of RFC 9380: the parity of the canonical value.
    var sgn0: Bool { canonicalLimbs[0] & 1 == 1 }

    static let halfModulus = LimbArithmetic.dividing(LimbArithmetic.subtracting(1, from: modulus), by: 2)
}
