/// A point of the twisted Edwards curve −x² + y² = 1 + d·x²·y² in extended coordinates
/// (X : Y : Z : T) with x = X/Z, y = Y/Z, x·y = T/Z, for variable-time verification.
struct EdwardsPoint: Sendable {
    var x: FieldElement, y: FieldElement, z: FieldElement, t: FieldElement

    static let identity = EdwardsPoint(x: .zero, y: .one, z: .one, t: .zero)

    /// A point prepared for repeated addition: (Y + X, Y − X, Z, 2d·T).
    struct Cached: Sendable {
        let yPlusX: FieldElement, yMinusX: FieldElement, z: FieldElement, t2d: FieldElement
    }

    var cached: Cached {
        Cached(yPlusX: y + x, yMinusX: y - x, z: z, t2d: t * FieldElement.Constants.d2)
    }

    var negated: EdwardsPoint {
        EdwardsPoint(x: -x, y: y, z: z, t: -t)
    }

    /// `2·self` (dbl-2008-hwcd with a = −1). Doubling never reads T, so a caller whose next
    /// step is another doubling passes `computingT: false` and saves a multiplication; the
    /// result's T is then meaningless and must not reach an addition.
    @inline(__always)
    func doubled(computingT: Bool = true) -> EdwardsPoint {
        let a = x.squared
        let b = y.squared
        let c = z.squared + z.squared
        let e = (x + y).squared - a - b
        let g = b - a
        let f = g - c
        let h = -(a + b)
        return EdwardsPoint(x: e * f, y: g * h, z: f * g, t: computingT ? e * h : .zero)
    }

    /// `self + q` (add-2008-hwcd-3 with a = −1, k = 2d); `computingT` as in ``doubled(computingT:)``.
    @inline(__always)
    func adding(_ q: Cached, computingT: Bool = true) -> EdwardsPoint {
        combine(yMinusX: q.yMinusX, yPlusX: q.yPlusX, t2d: q.t2d, z: q.z, subtract: false, computingT: computingT)
    }

    /// `self − q`: adding −q, whose cached form swaps Y ± X and negates 2d·T.
    @inline(__always)
    func subtracting(_ q: Cached, computingT: Bool = true) -> EdwardsPoint {
        combine(yMinusX: q.yPlusX, yPlusX: q.yMinusX, t2d: q.t2d, z: q.z, subtract: true, computingT: computingT)
    }

    @inline(__always)
    private func combine(
        yMinusX qm: FieldElement, yPlusX qp: FieldElement, t2d: FieldElement, z qz: FieldElement,
        subtract: Bool, computingT: Bool
    ) -> EdwardsPoint {
        let a = (y - x) * qm
        let b = (y + x) * qp
        let c = t * t2d
        let d = z * qz
        let d2 = d + d
        let e = b - a
        let h = b + a
        let (f, g) = subtract ? (d2 + c, d2 - c) : (d2 - c, d2 + c)
        return EdwardsPoint(x: e * f, y: g * h, z: f * g, t: computingT ? e * h : .zero)
    }
}
