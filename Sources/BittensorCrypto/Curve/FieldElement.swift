import HexCoding

/// An element of GF(2^255 − 19) in radix 2^51: five 64-bit limbs, each normally below 2^52.
///
/// Used only by variable-time signature verification (``VartimeDoubleBaseMultiplication``),
/// whose inputs are all public; everything that touches a secret goes through libsodium's
/// constant-time code instead. Limb bounds: `+` may take limbs to 2^54, which `*`, `squared`
/// and `-` accept; `*`, `squared` and `-` return limbs below 2^52.
struct FieldElement: Sendable {
    var l0: UInt64, l1: UInt64, l2: UInt64, l3: UInt64, l4: UInt64

    static let mask: UInt64 = (1 << 51) - 1
    static let zero = FieldElement(0, 0, 0, 0, 0)
    static let one = FieldElement(1, 0, 0, 0, 0)

    init(_ l0: UInt64, _ l1: UInt64, _ l2: UInt64, _ l3: UInt64, _ l4: UInt64) {
        (self.l0, self.l1, self.l2, self.l3, self.l4) = (l0, l1, l2, l3, l4)
    }

    /// The element with little-endian encoding `bytes` (32 bytes); bit 255 is ignored.
    init(bytes: [UInt8]) {
        precondition(bytes.count == 32)
        func load(_ offset: Int) -> UInt64 {
            var value: UInt64 = 0
            for index in 0..<8 { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
            return value
        }
        self.init(
            load(0) & Self.mask, (load(6) >> 3) & Self.mask, (load(12) >> 6) & Self.mask,
            (load(19) >> 1) & Self.mask, (load(24) >> 12) & Self.mask
        )
    }

    /// The same element with fully reduced limbs (each below 2^51, the value below p), so that
    /// equal elements have equal limbs.
    var canonical: FieldElement {
        var r = weaklyReduced
        // q = 1 exactly when r ≥ p: then adding 19 carries out of bit 255.
        var q = (r.l0 &+ 19) >> 51
        q = (r.l1 &+ q) >> 51
        q = (r.l2 &+ q) >> 51
        q = (r.l3 &+ q) >> 51
        q = (r.l4 &+ q) >> 51
        r.l0 &+= 19 &* q
        r.l1 &+= r.l0 >> 51; r.l0 &= Self.mask
        r.l2 &+= r.l1 >> 51; r.l1 &= Self.mask
        r.l3 &+= r.l2 >> 51; r.l2 &= Self.mask
        r.l4 &+= r.l3 >> 51; r.l3 &= Self.mask
        r.l4 &= Self.mask
        return r
    }

    /// The canonical little-endian encoding.
    var bytes: [UInt8] {
        let r = canonical
        let words = [r.l0 | r.l1 << 51, r.l1 >> 13 | r.l2 << 38, r.l2 >> 26 | r.l3 << 25, r.l3 >> 39 | r.l4 << 12]
        var out = [UInt8]()
        out.reserveCapacity(32)
        for word in words {
            for index in 0..<8 { out.append(UInt8(truncatingIfNeeded: word >> (8 * UInt64(index)))) }
        }
        return out
    }

    /// "Negative" in RFC 9496's sense: the canonical encoding is odd.
    var isNegative: Bool { canonical.l0 & 1 == 1 }

    var isZero: Bool {
        let r = canonical
        return r.l0 | r.l1 | r.l2 | r.l3 | r.l4 == 0
    }

    /// `|self|`: the non-negative one of ±self.
    var absolute: FieldElement { isNegative ? -self : self }

    private var weaklyReduced: FieldElement {
        let c0 = l0 >> 51, c1 = l1 >> 51, c2 = l2 >> 51, c3 = l3 >> 51, c4 = l4 >> 51
        return FieldElement(
            (l0 & Self.mask) &+ c4 &* 19, (l1 & Self.mask) &+ c0, (l2 & Self.mask) &+ c1,
            (l3 & Self.mask) &+ c2, (l4 & Self.mask) &+ c3
        )
    }

    static func == (lhs: FieldElement, rhs: FieldElement) -> Bool {
        let a = lhs.canonical, b = rhs.canonical
        return a.l0 == b.l0 && a.l1 == b.l1 && a.l2 == b.l2 && a.l3 == b.l3 && a.l4 == b.l4
    }

    @inline(__always)
    static func + (a: FieldElement, b: FieldElement) -> FieldElement {
        FieldElement(a.l0 &+ b.l0, a.l1 &+ b.l1, a.l2 &+ b.l2, a.l3 &+ b.l3, a.l4 &+ b.l4)
    }

    /// `a − b`, computed as `(a + 16p) − b` so no limb underflows.
    @inline(__always)
    static func - (a: FieldElement, b: FieldElement) -> FieldElement {
        FieldElement(
            (a.l0 &+ 36_028_797_018_963_664) &- b.l0, (a.l1 &+ 36_028_797_018_963_952) &- b.l1,
            (a.l2 &+ 36_028_797_018_963_952) &- b.l2, (a.l3 &+ 36_028_797_018_963_952) &- b.l3,
            (a.l4 &+ 36_028_797_018_963_952) &- b.l4
        ).weaklyReduced
    }

    @inline(__always)
    static prefix func - (a: FieldElement) -> FieldElement {
        zero - a
    }

    @inline(__always)
    private static func wide(_ a: UInt64, _ b: UInt64) -> UInt128 {
        UInt128(a) &* UInt128(b)
    }

    @inline(__always)
    static func * (a: FieldElement, b: FieldElement) -> FieldElement {
        let b1 = b.l1 &* 19, b2 = b.l2 &* 19, b3 = b.l3 &* 19, b4 = b.l4 &* 19
        let c0 = wide(a.l0, b.l0) &+ wide(a.l4, b1) &+ wide(a.l3, b2) &+ wide(a.l2, b3) &+ wide(a.l1, b4)
        let c1 = wide(a.l1, b.l0) &+ wide(a.l0, b.l1) &+ wide(a.l4, b2) &+ wide(a.l3, b3) &+ wide(a.l2, b4)
        let c2 = wide(a.l2, b.l0) &+ wide(a.l1, b.l1) &+ wide(a.l0, b.l2) &+ wide(a.l4, b3) &+ wide(a.l3, b4)
        let c3 = wide(a.l3, b.l0) &+ wide(a.l2, b.l1) &+ wide(a.l1, b.l2) &+ wide(a.l0, b.l3) &+ wide(a.l4, b4)
        let c4 = wide(a.l4, b.l0) &+ wide(a.l3, b.l1) &+ wide(a.l2, b.l2) &+ wide(a.l1, b.l3) &+ wide(a.l0, b.l4)
        return carry(c0, c1, c2, c3, c4)
    }

    @inline(__always)
    var squared: FieldElement {
        let a3_19 = l3 &* 19, a4_19 = l4 &* 19
        let c0 = Self.wide(l0, l0) &+ 2 &* (Self.wide(l1, a4_19) &+ Self.wide(l2, a3_19))
        let c1 = Self.wide(l3, a3_19) &+ 2 &* (Self.wide(l0, l1) &+ Self.wide(l2, a4_19))
        let c2 = Self.wide(l1, l1) &+ 2 &* (Self.wide(l0, l2) &+ Self.wide(l4, a3_19))
        let c3 = Self.wide(l4, a4_19) &+ 2 &* (Self.wide(l0, l3) &+ Self.wide(l1, l2))
        let c4 = Self.wide(l2, l2) &+ 2 &* (Self.wide(l0, l4) &+ Self.wide(l1, l3))
        return Self.carry(c0, c1, c2, c3, c4)
    }

    @inline(__always)
    private static func carry(_ c0: UInt128, _ c1: UInt128, _ c2: UInt128, _ c3: UInt128, _ c4: UInt128) -> FieldElement {
        var c1 = c1, c2 = c2, c3 = c3, c4 = c4
        c1 &+= c0 >> 51
        var r0 = UInt64(truncatingIfNeeded: c0) & mask
        c2 &+= c1 >> 51
        let r1 = UInt64(truncatingIfNeeded: c1) & mask
        c3 &+= c2 >> 51
        let r2 = UInt64(truncatingIfNeeded: c2) & mask
        c4 &+= c3 >> 51
        let r3 = UInt64(truncatingIfNeeded: c3) & mask
        let top = UInt64(truncatingIfNeeded: c4 >> 51)
        let r4 = UInt64(truncatingIfNeeded: c4) & mask
        r0 &+= top &* 19
        return FieldElement(r0 & mask, r1 &+ (r0 >> 51), r2, r3, r4)
    }

    /// `self^(2^k)`.
    func squared(times k: Int) -> FieldElement {
        var result = self
        for _ in 0..<k { result = result.squared }
        return result
    }

    /// (self^(2^250 − 1), self^11): the shared head of inversion and `pow_p58`.
    private var pow22501: (FieldElement, FieldElement) {
        let t0 = squared
        let t1 = t0.squared(times: 2)
        let t2 = self * t1
        let t3 = t0 * t2
        let t5 = t2 * t3.squared  // 2^5 − 1
        let t7 = t5.squared(times: 5) * t5  // 2^10 − 1
        let t9 = t7.squared(times: 10) * t7  // 2^20 − 1
        let t11 = t9.squared(times: 20) * t9  // 2^40 − 1
        let t13 = t11.squared(times: 10) * t7  // 2^50 − 1
        let t15 = t13.squared(times: 50) * t13  // 2^100 − 1
        let t17 = t15.squared(times: 100) * t15  // 2^200 − 1
        let t19 = t17.squared(times: 50) * t13  // 2^250 − 1
        return (t19, t3)
    }

    /// `self^((p − 5) / 8)` = `self^(2^252 − 3)`.
    private var powP58: FieldElement {
        self * pow22501.0.squared(times: 2)
    }

    /// RFC 9496 `SQRT_RATIO_M1(u, v)`: (whether u/v is square, the non-negative root of u/v
    /// or of i·u/v).
    static func sqrtRatioM1(_ u: FieldElement, _ v: FieldElement) -> (wasSquare: Bool, root: FieldElement) {
        let v3 = v.squared * v
        let v7 = v3.squared * v
        var r = (u * v3) * (u * v7).powP58
        let check = v * r.squared
        let correctSign = check == u
        let flippedSign = check == -u
        let flippedSignI = check == -(u * Constants.sqrtM1)
        if flippedSign || flippedSignI { r = r * Constants.sqrtM1 }
        return (correctSign || flippedSign, r.absolute)
    }

    /// Curve constants, decoded once.
    enum Constants {
        static let d = FieldElement(bytes: Hex.decode("a3785913ca4deb75abd841414d0a700098e879777940c78c73fe6f2bee6c0352") ?? [])
        static let d2 = FieldElement(bytes: Hex.decode("59f1b226949bd6eb56b183829a14e00030d1f3eef2808e19e7fcdf56dcd90624") ?? [])
        static let sqrtM1 = FieldElement(bytes: Hex.decode("b0a00e4a271beec478e42fad0618432fa7d7fb3d99004d2b0bdfc14f8024832b") ?? [])
        static let invSqrtAMinusD = FieldElement(
            bytes: Hex.decode("ea405d80aafdc899be72415a17162f9d40d801fe917bc216a2fcafcf05896c78") ?? [])
    }
}
