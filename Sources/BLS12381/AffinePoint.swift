/// A point of one of the groups in affine coordinates, or the point at infinity.
public struct AffinePoint<Curve: WeierstrassCurve>: Sendable, Hashable {
    public var x: Curve.Field
    public var y: Curve.Field
    public var isInfinity: Bool

    public init(x: Curve.Field, y: Curve.Field) {
        self.x = x; self.y = y; self.isInfinity = false
    }

    public static var generator: AffinePoint { Curve.generator }

    public static var infinity: AffinePoint { AffinePoint(x: .zero, y: .one, infinity: true) }

    private init(x: Curve.Field, y: Curve.Field, infinity: Bool) {
        self.x = x; self.y = y; self.isInfinity = infinity
    }

    /// Whether the point satisfies y² = x³ + b.
    public var isOnCurve: Bool {
        isInfinity || y.square() == x.square() * x + Curve.b
    }

    public static prefix func - (p: AffinePoint) -> AffinePoint {
        p.isInfinity ? p : AffinePoint(x: p.x, y: -p.y)
    }

    public var projective: ProjectivePoint<Curve> { ProjectivePoint(self) }
}

extension AffinePoint {
    /// Whether the point lies in the prime-order subgroup: r·P is the identity. A point from
    /// outside (a signature, a ciphertext's U, a public key) must pass this before use.
    public var isInSubgroup: Bool {
        projective.multiplied(byPublic: Scalar.modulusLimbs).isIdentity
    }
}
