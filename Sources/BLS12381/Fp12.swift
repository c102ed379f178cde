/// Fp12 = Fp6[w] / (w² − v): c0 + c1·w. The pairing's target group GT is a subgroup of its units.
public struct Fp12: FieldElement, Hashable {
    public var c0: Fp6
    public var c1: Fp6

    @inlinable public init(_ c0: Fp6, _ c1: Fp6) { self.c0 = c0; self.c1 = c1 }

    public static let zero = Fp12(.zero, .zero)
    public static let one = Fp12(.one, .zero)

    public var isZero: Bool { c0.isZero && c1.isZero }

    public static func + (a: Fp12, b: Fp12) -> Fp12 { Fp12(a.c0 + b.c0, a.c1 + b.c1) }
    public static func - (a: Fp12, b: Fp12) -> Fp12 { Fp12(a.c0 - b.c0, a.c1 - b.c1) }
    public static prefix func - (a: Fp12) -> Fp12 { Fp12(-a.c0, -a.c1) }
    public func select(_ other: Fp12, when choice: Bool) -> Fp12 {
        Fp12(c0.select(other.c0, when: choice), c1.select(other.c1, when: choice))
    }

    public func doubled() -> Fp12 { Fp12(c0.doubled(), c1.doubled()) }

    public static func * (a: Fp12, b: Fp12) -> Fp12 {
        let v0 = a.c0 * b.c0
        let v1 = a.c1 * b.c1
        return Fp12(v0 + v1.multipliedByNonResidue(), (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1)
    }

    /// Complex squaring: two Fp6 products.
    public func square() -> Fp12 {
        let ab = c0 * c1
        let t = (c0 + c1) * (c0 + c1.multipliedByNonResidue()) - ab - ab.multipliedByNonResidue()
        return Fp12(t, ab + ab)
    }

    /// self · (a + b·v + c·v·w): the shape of a Miller-loop line on BLS12-381's M-type twist
    /// (coefficients 0, 1 and 4 of the flattened tower).
    func multiplied(by014 a: Fp2, _ b: Fp2, _ c: Fp2) -> Fp12 {
        let aa = c0.multiplied(by01: a, b)
        let bb = c1.multiplied(by1: c)
        let t1 = (c1 + c0).multiplied(by01: a, b + c) - aa - bb
        return Fp12(bb.multipliedByNonResidue() + aa, t1)
    }

    /// x ↦ x^(p^6), which is the inverse on the cyclotomic subgroup.
    public var conjugate: Fp12 { Fp12(c0, -c1) }

    public func inverse() -> Fp12 {
        let t = (c0.square() - c1.square().multipliedByNonResidue()).inverse()
        return Fp12(c0 * t, -(c1 * t))
    }

    /// x ↦ x^p.
    public func frobenius() -> Fp12 {
        let a = c0.frobenius()
        let b = c1.frobenius()
        let w = FrobeniusConstants.w1
        return Fp12(a, Fp6(b.c0 * w, b.c1 * w, b.c2 * w))
    }

    func frobenius(_ times: Int) -> Fp12 {
        var result = self
        for _ in 0..<times { result = result.frobenius() }
        return result
    }
}

/// The constants of the Frobenius map, derived from ξ = 1 + u at first use rather than written
/// out, so that a typo cannot hide in 48-byte literals.
enum FrobeniusConstants {
    static let xi = Fp2(.one, .one)
    static let pMinusOne = LimbArithmetic.subtracting(1, from: Fp.modulus)
    /// ξ^((p−1)/3), ξ^(2(p−1)/3), ξ^((p−1)/6).
    static let v1 = xi.power(LimbArithmetic.dividing(pMinusOne, by: 3))
    static let v2 = v1.square()
    static let w1 = xi.power(LimbArithmetic.dividing(pMinusOne, by: 6))
}

extension Fp12 {
    /// self^k for a secret scalar: a squaring and a multiplication for each of its 256 bits,
    /// the result chosen by a mask, so the time does not depend on k.
    public func power(_ scalar: Scalar) -> Fp12 {
        var result = Fp12.one
        for limb in scalar.limbs.reversed() {
            for bit in stride(from: 63, through: 0, by: -1) {
                result = result.square()
                result = result.select(result * self, when: (limb >> UInt64(bit)) & 1 == 1)
            }
        }
        return result
    }
}
