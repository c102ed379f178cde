/// Fp2 = Fp[u] / (u² + 1): c0 + c1·u. G2's coordinates live here.
public struct Fp2: FieldElement, Hashable {
    public var c0: Fp
    public var c1: Fp

    @inlinable public init(_ c0: Fp, _ c1: Fp) { self.c0 = c0; self.c1 = c1 }

    public static let zero = Fp2(.zero, .zero)
    public static let one = Fp2(.one, .zero)

    public var isZero: Bool { c0.isZero && c1.isZero }

    public static func + (a: Fp2, b: Fp2) -> Fp2 { Fp2(a.c0 + b.c0, a.c1 + b.c1) }
    public static func - (a: Fp2, b: Fp2) -> Fp2 { Fp2(a.c0 - b.c0, a.c1 - b.c1) }
    public static prefix func - (a: Fp2) -> Fp2 { Fp2(-a.c0, -a.c1) }

    /// Karatsuba: three base-field products.
    public static func * (a: Fp2, b: Fp2) -> Fp2 {
        let v0 = a.c0 * b.c0
        let v1 = a.c1 * b.c1
        return Fp2(v0 - v1, (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1)
    }

    /// (c0 + c1 u)² = (c0 + c1)(c0 − c1) + 2 c0 c1 u.
    public func square() -> Fp2 {
        let t = c0 * c1
        return Fp2((c0 + c1) * (c0 - c1), t + t)
    }

    public func doubled() -> Fp2 { Fp2(c0.doubled(), c1.doubled()) }

    public static func * (a: Fp2, b: Fp) -> Fp2 { Fp2(a.c0 * b, a.c1 * b) }

    /// The Frobenius map x ↦ x^p, which on Fp2 is conjugation.
    public var conjugate: Fp2 { Fp2(c0, -c1) }

    /// Multiplication by the sextic non-residue ξ = 1 + u that builds Fp6 over Fp2.
    public func multipliedByNonResidue() -> Fp2 { Fp2(c0 - c1, c0 + c1) }

    /// The norm c0² + c1², an element of Fp.
    var norm: Fp { c0.square() + c1.square() }

    /// self⁻¹ through the norm; 0 gives 0.
    public func inverse() -> Fp2 {
        let t = norm.inverse()
        return Fp2(c0 * t, -(c1 * t))
    }

    public func select(_ other: Fp2, when choice: Bool) -> Fp2 {
        Fp2(c0.select(other.c0, when: choice), c1.select(other.c1, when: choice))
    }

    /// The zcash encoding's sign of a G2 y coordinate: c1 decides, or c0 when c1 is zero.
    public var isLexicographicallyLargest: Bool {
        c1.isZero ? c0.isLexicographicallyLargest : c1.isLexicographicallyLargest
    }

    /// sgn0 of RFC 9380 for m = 2.
    var sgn0: Bool { c0.sgn0 || (c0.isZero && c1.sgn0) }

    static let sqrtExponent1 = LimbArithmetic.dividing(LimbArithmetic.subtracting(3, from: Fp.modulus), by: 4)  // (p − 3) / 4
    static let sqrtExponent2 = LimbArithmetic.dividing(LimbArithmetic.subtracting(1, from: Fp.modulus), by: 2)  // (p − 1) / 2

    /// A square root, or nil: algorithm 9 of Adj and Rodríguez-Henríquez ("Square root
    /// computation over even extension fields") for p ≡ 3 (mod 4), checked by squaring.
    public func squareRoot() -> Fp2? {
        let a1 = power(Fp2.sqrtExponent1)
        let alpha = a1.square() * self
        let x0 = a1 * self
        let minusOne = -Fp2.one
        let candidate: Fp2
        if alpha == minusOne {
            candidate = Fp2(-x0.c1, x0.c0)  // u · x0
        } else {
            candidate = (alpha + .one).power(Fp2.sqrtExponent2) * x0
        }
        return candidate.square() == self ? candidate : nil
    }
}
