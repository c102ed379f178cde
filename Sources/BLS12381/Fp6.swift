/// Fp6 = Fp2[v] / (v³ − ξ), ξ = 1 + u: c0 + c1·v + c2·v².
public struct Fp6: FieldElement, Hashable {
    public var c0: Fp2
    public var c1: Fp2
    public var c2: Fp2

    @inlinable public init(_ c0: Fp2, _ c1: Fp2, _ c2: Fp2) { self.c0 = c0; self.c1 = c1; self.c2 = c2 }

    public static let zero = Fp6(.zero, .zero, .zero)
    public static let one = Fp6(.one, .zero, .zero)

    public var isZero: Bool { c0.isZero && c1.isZero && c2.isZero }

    public static func + (a: Fp6, b: Fp6) -> Fp6 { Fp6(a.c0 + b.c0, a.c1 + b.c1, a.c2 + b.c2) }
    public static func - (a: Fp6, b: Fp6) -> Fp6 { Fp6(a.c0 - b.c0, a.c1 - b.c1, a.c2 - b.c2) }
    public static prefix func - (a: Fp6) -> Fp6 { Fp6(-a.c0, -a.c1, -a.c2) }
    public func select(_ other: Fp6, when choice: Bool) -> Fp6 {
        Fp6(c0.select(other.c0, when: choice), c1.select(other.c1, when: choice), c2.select(other.c2, when: choice))
    }

    public func doubled() -> Fp6 { Fp6(c0.doubled(), c1.doubled(), c2.doubled()) }

    /// Karatsuba over the cubic extension: six Fp2 products.
    public static func * (a: Fp6, b: Fp6) -> Fp6 {
        let v0 = a.c0 * b.c0
        let v1 = a.c1 * b.c1
        let v2 = a.c2 * b.c2
        let t0 = ((a.c1 + a.c2) * (b.c1 + b.c2) - v1 - v2).multipliedByNonResidue() + v0
        let t1 = (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1 + v2.multipliedByNonResidue()
        let t2 = (a.c0 + a.c2) * (b.c0 + b.c2) - v0 - v2 + v1
        return Fp6(t0, t1, t2)
    }

    public func square() -> Fp6 { self * self }

    /// Multiplication by v: (c0, c1, c2) ↦ (ξ c2, c0, c1).
    public func multipliedByNonResidue() -> Fp6 { Fp6(c2.multipliedByNonResidue(), c0, c1) }

    /// self · (b0 + b1 v), the sparse product the Miller loop's lines need.
    func multiplied(by01 b0: Fp2, _ b1: Fp2) -> Fp6 {
        let v0 = c0 * b0
        let v1 = c1 * b1
        let t0 = ((c1 + c2) * b1 - v1).multipliedByNonResidue() + v0
        let t1 = (c0 + c1) * (b0 + b1) - v0 - v1
        let t2 = (c0 + c2) * b0 - v0 + v1
        return Fp6(t0, t1, t2)
    }

    /// self · (b1 v).
    func multiplied(by1 b1: Fp2) -> Fp6 {
        Fp6((c2 * b1).multipliedByNonResidue(), c0 * b1, c1 * b1)
    }

    public func inverse() -> Fp6 {
        let t0 = c0.square() - (c1 * c2).multipliedByNonResidue()
        let t1 = c2.square().multipliedByNonResidue() - c0 * c1
        let t2 = c1.square() - c0 * c2
        let denominator = c0 * t0 + (c2 * t1).multipliedByNonResidue() + (c1 * t2).multipliedByNonResidue()
        let inverse = denominator.inverse()
        return Fp6(t0 * inverse, t1 * inverse, t2 * inverse)
    }

    /// x ↦ x^p: conjugate each coefficient, then scale v by ξ^((p−1)/3) and v² by ξ^(2(p−1)/3).
    public func frobenius() -> Fp6 {
        Fp6(c0.conjugate, c1.conjugate * FrobeniusConstants.v1, c2.conjugate * FrobeniusConstants.v2)
    }
}
