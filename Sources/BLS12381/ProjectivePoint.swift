/// A point in homogeneous projective coordinates (X : Y : Z), x = X/Z, y = Y/Z, with the
/// identity (0 : 1 : 0).
///
/// Addition and doubling use the complete formulas of Renes, Costello and Batina ("Complete
/// addition formulas for prime order elliptic curves", 2016, algorithms 7 and 9 for a = 0):
/// one code path for every input, the identity and P + P included, so a scalar multiplication
/// by a secret has no exceptional case to branch on.
public struct ProjectivePoint<Curve: WeierstrassCurve>: Sendable {
    public var x: Curve.Field
    public var y: Curve.Field
    public var z: Curve.Field

    public init(x: Curve.Field, y: Curve.Field, z: Curve.Field) { self.x = x; self.y = y; self.z = z }

    public init(_ affine: AffinePoint<Curve>) {
        if affine.isInfinity { self = .identity } else { self.init(x: affine.x, y: affine.y, z: .one) }
    }

    public static var identity: ProjectivePoint { ProjectivePoint(x: .zero, y: .one, z: .zero) }
    public static var generator: ProjectivePoint { ProjectivePoint(Curve.generator) }

    public var isIdentity: Bool { z.isZero }

    public static func + (p: ProjectivePoint, q: ProjectivePoint) -> ProjectivePoint {
        let b3 = Curve.b3
        var t0 = p.x * q.x
        var t1 = p.y * q.y
        var t2 = p.z * q.z
        var t3 = (p.x + p.y) * (q.x + q.y)
        var t4 = t0 + t1
        t3 = t3 - t4
        t4 = (p.y + p.z) * (q.y + q.z)
        var x3 = t1 + t2
        t4 = t4 - x3
        x3 = (p.x + p.z) * (q.x + q.z)
        var y3 = t0 + t2
        y3 = x3 - y3
        x3 = t0 + t0
        t0 = x3 + t0
        t2 = b3 * t2
        var z3 = t1 + t2
        t1 = t1 - t2
        y3 = b3 * y3
        x3 = t4 * y3
        t2 = t3 * t1
        x3 = t2 - x3
        y3 = y3 * t0
        t1 = t1 * z3
        y3 = t1 + y3
        t0 = t0 * t3
        z3 = z3 * t4
        z3 = z3 + t0
        return ProjectivePoint(x: x3, y: y3, z: z3)
    }

    public func doubled() -> ProjectivePoint {
        let b3 = Curve.b3
        var t0 = y.square()
        var z3 = t0 + t0
        z3 = z3 + z3
        z3 = z3 + z3
        var t1 = y * z
        var t2 = z.square()
        t2 = b3 * t2
        var x3 = t2 * z3
        var y3 = t0 + t2
        z3 = t1 * z3
        t1 = t2 + t2
        t2 = t1 + t2
        t0 = t0 - t2
        y3 = t0 * y3
        y3 = x3 + y3
        t1 = x * y
        x3 = t0 * t1
        x3 = x3 + x3
        return ProjectivePoint(x: x3, y: y3, z: z3)
    }

    public static prefix func - (p: ProjectivePoint) -> ProjectivePoint { ProjectivePoint(x: p.x, y: -p.y, z: p.z) }
    public static func - (p: ProjectivePoint, q: ProjectivePoint) -> ProjectivePoint { p + (-q) }

    /// The affine point (one inversion).
    public var affine: AffinePoint<Curve> {
        guard !isIdentity else { return .infinity }
        let zInverse = z.inverse()
        return AffinePoint(x: x * zInverse, y: y * zInverse)
    }

    /// Projective equality: X1·Z2 = X2·Z1 and Y1·Z2 = Y2·Z1.
    public static func == (p: ProjectivePoint, q: ProjectivePoint) -> Bool {
        if p.isIdentity || q.isIdentity { return p.isIdentity && q.isIdentity }
        return p.x * q.z == q.x * p.z && p.y * q.z == q.y * p.z
    }

    /// k·P for a secret scalar: a double and an addition for each of its 256 bits, whatever
    /// their values, with the result chosen by a mask.
    public func multiplied(by scalar: Scalar) -> ProjectivePoint {
        var result = ProjectivePoint.identity
        for limb in scalar.limbs.reversed() {
            for bit in stride(from: 63, through: 0, by: -1) {
                result = result.doubled()
                let sum = result + self
                result = result.select(sum, when: (limb >> UInt64(bit)) & 1 == 1)
            }
        }
        return result
    }

    /// k·P for a public multiplier (a cofactor, the group order): skips leading zeros and
    /// adds only on set bits.
    public func multiplied(byPublic limbs: [UInt64]) -> ProjectivePoint {
        var result = ProjectivePoint.identity
        for limb in limbs.reversed() {
            for bit in stride(from: 63, through: 0, by: -1) {
                result = result.doubled()
                if (limb >> UInt64(bit)) & 1 == 1 { result = result + self }
            }
        }
        return result
    }

    func select(_ other: ProjectivePoint, when choice: Bool) -> ProjectivePoint {
        ProjectivePoint(x: x.select(other.x, when: choice), y: y.select(other.y, when: choice), z: z.select(other.z, when: choice))
    }

}
