/// An element of the base field of BLS12-381, p = 0x1a0111ea…ffffaaab (381 bits), kept in
/// Montgomery form (a·2^384 mod p) in six little-endian 64-bit limbs.
///
/// Every operation here takes the same path whatever the value: additions subtract the modulus
/// through a mask, never a branch, so secrets (a timelock's ephemeral scalar, a beacon key) do
/// not leak through timing. Exponents (inversion, square roots) are public constants.
public struct Fp: FieldElement, Hashable {
    @usableFromInline var l0, l1, l2, l3, l4, l5: UInt64

    @inlinable init(limbs l0: UInt64, _ l1: UInt64, _ l2: UInt64, _ l3: UInt64, _ l4: UInt64, _ l5: UInt64) {
        (self.l0, self.l1, self.l2, self.l3, self.l4, self.l5) = (l0, l1, l2, l3, l4, l5)
    }

    // The modulus, little-endian limbs, and -p⁻¹ mod 2^64.
    static let p0: UInt64 = 0xb9fe_ffff_ffff_aaab
    static let p1: UInt64 = 0x1eab_fffe_b153_ffff
    static let p2: UInt64 = 0x6730_d2a0_f6b0_f624
    static let p3: UInt64 = 0x6477_4b84_f385_12bf
    static let p4: UInt64 = 0x4b1b_a7b6_434b_acd7
    static let p5: UInt64 = 0x1a01_11ea_397f_e69a
    static let inv: UInt64 = 0x89f3_fffc_fffc_fffd

    /// The modulus as little-endian limbs, for exponent arithmetic.
    static let modulus: [UInt64] = [p0, p1, p2, p3, p4, p5]

    public static let zero = Fp(limbs: 0, 0, 0, 0, 0, 0)
    /// 1 in Montgomery form: 2^384 mod p.
    public static let one = Fp(
        limbs: 0x7609_0000_0002_fffd, 0xebf4_000b_c40c_0002, 0x5f48_9857_53c7_58ba,
        0x77ce_5853_7052_5745, 0x5c07_1a97_a256_ec6d, 0x15f6_5ec3_fa80_e493)
    /// 2^768 mod p, which takes a plain integer into Montgomery form.
    static let r2 = Fp(
        limbs: 0xf4df_1f34_1c34_1746, 0x0a76_e6a6_09d1_04f1, 0x8de5_476c_4c95_b6d5,
        0x67eb_88a9_939d_83c0, 0x9a79_3e85_b519_952d, 0x1198_8fe5_92ca_e3aa)

    /// Takes the value of a 384-bit number known to be below 2p, subtracting p once if needed.
    @inline(__always)
    init(reducing a0: UInt64, _ a1: UInt64, _ a2: UInt64, _ a3: UInt64, _ a4: UInt64, _ a5: UInt64) {
        var b: UInt64
        let (d0, b0) = sbb(a0, Fp.p0, 0)
        let (d1, b1) = sbb(a1, Fp.p1, b0)
        let (d2, b2) = sbb(a2, Fp.p2, b1)
        let (d3, b3) = sbb(a3, Fp.p3, b2)
        let (d4, b4) = sbb(a4, Fp.p4, b3)
        let (d5, b5) = sbb(a5, Fp.p5, b4)
        b = b5
        // b is all ones when a < p: keep a; zero when a ≥ p: take a - p.
        let keep = 0 &- b
        self.init(
            limbs: (a0 & keep) | (d0 & ~keep), (a1 & keep) | (d1 & ~keep), (a2 & keep) | (d2 & ~keep),
            (a3 & keep) | (d3 & ~keep), (a4 & keep) | (d4 & ~keep), (a5 & keep) | (d5 & ~keep))
    }

    @inlinable public var isZero: Bool { (l0 | l1 | l2 | l3 | l4 | l5) == 0 }

    public static func + (a: Fp, b: Fp) -> Fp {
        let (s0, c0) = adc(a.l0, b.l0, 0)
        let (s1, c1) = adc(a.l1, b.l1, c0)
        let (s2, c2) = adc(a.l2, b.l2, c1)
        let (s3, c3) = adc(a.l3, b.l3, c2)
        let (s4, c4) = adc(a.l4, b.l4, c3)
        let (s5, _) = adc(a.l5, b.l5, c4)
        // Both below p < 2^381, so the sum fits in 384 bits and is below 2p.
        return Fp(reducing: s0, s1, s2, s3, s4, s5)
    }

    public static func - (a: Fp, b: Fp) -> Fp {
        let (d0, b0) = sbb(a.l0, b.l0, 0)
        let (d1, b1) = sbb(a.l1, b.l1, b0)
        let (d2, b2) = sbb(a.l2, b.l2, b1)
        let (d3, b3) = sbb(a.l3, b.l3, b2)
        let (d4, b4) = sbb(a.l4, b.l4, b3)
        let (d5, b5) = sbb(a.l5, b.l5, b4)
        // On borrow, add p back (masked).
        let mask = 0 &- b5
        let (e0, c0) = adc(d0, Fp.p0 & mask, 0)
        let (e1, c1) = adc(d1, Fp.p1 & mask, c0)
        let (e2, c2) = adc(d2, Fp.p2 & mask, c1)
        let (e3, c3) = adc(d3, Fp.p3 & mask, c2)
        let (e4, c4) = adc(d4, Fp.p4 & mask, c3)
        let (e5, _) = adc(d5, Fp.p5 & mask, c4)
        return Fp(limbs: e0, e1, e2, e3, e4, e5)
    }

    public static prefix func - (a: Fp) -> Fp { Fp.zero - a }

    public static func * (a: Fp, b: Fp) -> Fp {
        var c: UInt64
        var t0: UInt64, t1: UInt64, t2: UInt64, t3: UInt64, t4: UInt64, t5: UInt64
        var t6: UInt64, t7: UInt64, t8: UInt64, t9: UInt64, t10: UInt64, t11: UInt64
        (t0, c) = mac(0, a.l0, b.l0, 0)
        (t1, c) = mac(0, a.l0, b.l1, c)
        (t2, c) = mac(0, a.l0, b.l2, c)
        (t3, c) = mac(0, a.l0, b.l3, c)
        (t4, c) = mac(0, a.l0, b.l4, c)
        (t5, c) = mac(0, a.l0, b.l5, c)
        t6 = c
        (t1, c) = mac(t1, a.l1, b.l0, 0)
        (t2, c) = mac(t2, a.l1, b.l1, c)
        (t3, c) = mac(t3, a.l1, b.l2, c)
        (t4, c) = mac(t4, a.l1, b.l3, c)
        (t5, c) = mac(t5, a.l1, b.l4, c)
        (t6, c) = mac(t6, a.l1, b.l5, c)
        t7 = c
        (t2, c) = mac(t2, a.l2, b.l0, 0)
        (t3, c) = mac(t3, a.l2, b.l1, c)
        (t4, c) = mac(t4, a.l2, b.l2, c)
        (t5, c) = mac(t5, a.l2, b.l3, c)
        (t6, c) = mac(t6, a.l2, b.l4, c)
        (t7, c) = mac(t7, a.l2, b.l5, c)
        t8 = c
        (t3, c) = mac(t3, a.l3, b.l0, 0)
        (t4, c) = mac(t4, a.l3, b.l1, c)
        (t5, c) = mac(t5, a.l3, b.l2, c)
        (t6, c) = mac(t6, a.l3, b.l3, c)
        (t7, c) = mac(t7, a.l3, b.l4, c)
        (t8, c) = mac(t8, a.l3, b.l5, c)
        t9 = c
        (t4, c) = mac(t4, a.l4, b.l0, 0)
        (t5, c) = mac(t5, a.l4, b.l1, c)
        (t6, c) = mac(t6, a.l4, b.l2, c)
        (t7, c) = mac(t7, a.l4, b.l3, c)
        (t8, c) = mac(t8, a.l4, b.l4, c)
        (t9, c) = mac(t9, a.l4, b.l5, c)
        t10 = c
        (t5, c) = mac(t5, a.l5, b.l0, 0)
        (t6, c) = mac(t6, a.l5, b.l1, c)
        (t7, c) = mac(t7, a.l5, b.l2, c)
        (t8, c) = mac(t8, a.l5, b.l3, c)
        (t9, c) = mac(t9, a.l5, b.l4, c)
        (t10, c) = mac(t10, a.l5, b.l5, c)
        t11 = c
        return montgomeryReduce(t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11)
    }

    @inline(__always)
    static func montgomeryReduce(
        _ r0: UInt64, _ r1: UInt64, _ r2: UInt64, _ r3: UInt64, _ r4: UInt64, _ r5: UInt64,
        _ r6: UInt64, _ r7: UInt64, _ r8: UInt64, _ r9: UInt64, _ r10: UInt64, _ r11: UInt64
    ) -> Fp {
        var r1 = r1, r2 = r2, r3 = r3, r4 = r4, r5 = r5, r6 = r6, r7 = r7, r8 = r8, r9 = r9, r10 = r10, r11 = r11
        var k: UInt64, c: UInt64, c2: UInt64 = 0
        k = r0 &* Fp.inv
        (_, c) = mac(r0, k, Fp.p0, 0)
        (r1, c) = mac(r1, k, Fp.p1, c)
        (r2, c) = mac(r2, k, Fp.p2, c)
        (r3, c) = mac(r3, k, Fp.p3, c)
        (r4, c) = mac(r4, k, Fp.p4, c)
        (r5, c) = mac(r5, k, Fp.p5, c)
        (r6, c2) = adc(r6, c2, c)
        k = r1 &* Fp.inv
        (_, c) = mac(r1, k, Fp.p0, 0)
        (r2, c) = mac(r2, k, Fp.p1, c)
        (r3, c) = mac(r3, k, Fp.p2, c)
        (r4, c) = mac(r4, k, Fp.p3, c)
        (r5, c) = mac(r5, k, Fp.p4, c)
        (r6, c) = mac(r6, k, Fp.p5, c)
        (r7, c2) = adc(r7, c2, c)
        k = r2 &* Fp.inv
        (_, c) = mac(r2, k, Fp.p0, 0)
        (r3, c) = mac(r3, k, Fp.p1, c)
        (r4, c) = mac(r4, k, Fp.p2, c)
        (r5, c) = mac(r5, k, Fp.p3, c)
        (r6, c) = mac(r6, k, Fp.p4, c)
        (r7, c) = mac(r7, k, Fp.p5, c)
        (r8, c2) = adc(r8, c2, c)
        k = r3 &* Fp.inv
        (_, c) = mac(r3, k, Fp.p0, 0)
        (r4, c) = mac(r4, k, Fp.p1, c)
        (r5, c) = mac(r5, k, Fp.p2, c)
        (r6, c) = mac(r6, k, Fp.p3, c)
        (r7, c) = mac(r7, k, Fp.p4, c)
        (r8, c) = mac(r8, k, Fp.p5, c)
        (r9, c2) = adc(r9, c2, c)
        k = r4 &* Fp.inv
        (_, c) = mac(r4, k, Fp.p0, 0)
        (r5, c) = mac(r5, k, Fp.p1, c)
        (r6, c) = mac(r6, k, Fp.p2, c)
        (r7, c) = mac(r7, k, Fp.p3, c)
        (r8, c) = mac(r8, k, Fp.p4, c)
        (r9, c) = mac(r9, k, Fp.p5, c)
        (r10, c2) = adc(r10, c2, c)
        k = r5 &* Fp.inv
        (_, c) = mac(r5, k, Fp.p0, 0)
        (r6, c) = mac(r6, k, Fp.p1, c)
        (r7, c) = mac(r7, k, Fp.p2, c)
        (r8, c) = mac(r8, k, Fp.p3, c)
        (r9, c) = mac(r9, k, Fp.p4, c)
        (r10, c) = mac(r10, k, Fp.p5, c)
        (r11, c2) = adc(r11, c2, c)
        return Fp(reducing: r6, r7, r8, r9, r10, r11)
    }

    @inlinable public func square() -> Fp { self * self }
    @inlinable public func doubled() -> Fp { self + self }

    /// self when `choice` is false, `other` when true, without a branch.
    @inline(__always)
    public func select(_ other: Fp, when choice: Bool) -> Fp {
        let m = 0 &- UInt64(choice ? 1 : 0)
        return Fp(
            limbs: (l0 & ~m) | (other.l0 & m), (l1 & ~m) | (other.l1 & m), (l2 & ~m) | (other.l2 & m),
            (l3 & ~m) | (other.l3 & m), (l4 & ~m) | (other.l4 & m), (l5 & ~m) | (other.l5 & m))
    }
}

/// a + b + carry, as (sum, carry out).
@inline(__always) func adc(_ a: UInt64, _ b: UInt64, _ carry: UInt64) -> (UInt64, UInt64) {
    let (s1, o1) = a.addingReportingOverflow(b)
    let (s2, o2) = s1.addingReportingOverflow(carry)
    return (s2, (o1 ? 1 : 0) &+ (o2 ? 1 : 0))
}

/// a - b - borrow, as (difference, borrow out: 0 or 1).
@inline(__always) func sbb(_ a: UInt64, _ b: UInt64, _ borrow: UInt64) -> (UInt64, UInt64) {
    let (d1, o1) = a.subtractingReportingOverflow(b)
    let (d2, o2) = d1.subtractingReportingOverflow(borrow)
    return (d2, (o1 ? 1 : 0) | (o2 ? 1 : 0))
}

/// a + b·c + carry, as (low word, high word); never overflows 128 bits.
@inline(__always) func mac(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ carry: UInt64) -> (UInt64, UInt64) {
    let (hi, lo) = b.multipliedFullWidth(by: c)
    let (s1, o1) = lo.addingReportingOverflow(a)
    let (s2, o2) = s1.addingReportingOverflow(carry)
    return (s2, hi &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0))
}
