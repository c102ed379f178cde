/// The optimal ate pairing e: G1 × G2 → GT ⊂ Fp12, with the same final exponentiation as
/// arkworks (Hayashida–Hayasaka–Teruya, eprint 2020/875), so that GT values, and the hashes the
/// timelock scheme takes of them, match the peers byte for byte. That exponentiation computes
/// the cube of the textbook reduced pairing; it is bilinear and non-degenerate all the same.
public enum Pairing {
    /// |x| for BLS12-381's parameter x = −0xd201000000010000.
    static let parameter: UInt64 = 0xd201_0000_0001_0000

    public static func pairing(_ p: G1Affine, _ q: G2Affine) -> Fp12 {
        finalExponentiation(millerLoop([(p, G2Prepared(q))]))
    }

    /// Whether ∏ e(pᵢ, qᵢ) = 1, with one shared Miller loop and final exponentiation: how a
    /// signature is checked without computing two pairings.
    public static func productIsOne(_ pairs: [(G1Affine, G2Prepared)]) -> Bool {
        finalExponentiation(millerLoop(pairs)) == .one
    }

    /// ∏ f_{|x|,Qᵢ}(Pᵢ), conjugated because x is negative. Lines are taken on the twist and
    /// scaled by w³, an element of a subfield that the final exponentiation removes.
    public static func millerLoop(_ pairs: [(G1Affine, G2Prepared)]) -> Fp12 {
        let active = pairs.filter { !$0.0.isInfinity && !$0.1.isInfinity }
        var f = Fp12.one
        var step = 0
        for bit in stride(from: 62, through: 0, by: -1) {
            f = f.square()
            for (p, q) in active { f = apply(q.lines[step], to: f, at: p) }
            step += 1
            if (parameter >> UInt64(bit)) & 1 == 1 {
                for (p, q) in active { f = apply(q.lines[step], to: f, at: p) }
                step += 1
            }
        }
        return f.conjugate
    }

    @inline(__always)
    static func apply(_ line: G2Prepared.Line, to f: Fp12, at p: G1Affine) -> Fp12 {
        f.multiplied(by014: line.constant, -(line.slope * p.x), line.vertical * p.y)
    }

    /// f^(3(p¹²−1)/r): the easy part f^((p⁶−1)(p²+1)), then the hard part by x-powers and
    /// Frobenius maps.
    public static func finalExponentiation(_ f: Fp12) -> Fp12 {
        var r = f.conjugate * f.inverse()
        r = r.frobenius(2) * r
        var y0 = r.square().conjugate
        var y5 = powerByParameter(r)
        var y1 = y5.square()
        var y3 = y0 * y5
        y0 = powerByParameter(y3)
        let y2 = powerByParameter(y0)
        var y4 = powerByParameter(y2)
        y4 = y4 * y1
        y1 = powerByParameter(y4)
        y3 = y3.conjugate
        y1 = y1 * y3 * r
        y3 = r.conjugate
        y0 = (y0 * r).frobenius(3)
        y4 = (y4 * y3).frobenius(1)
        y5 = (y5 * y2).frobenius(2)
        return y5 * y0 * y4 * y1
    }

    /// f^x for x = −|x|, on the cyclotomic subgroup (where the inverse is the conjugate).
    static func powerByParameter(_ f: Fp12) -> Fp12 {
        var result = f
        for bit in stride(from: 62, through: 0, by: -1) {
            result = result.square()
            if (parameter >> UInt64(bit)) & 1 == 1 { result = result * f }
        }
        return result.conjugate
    }
}

/// A G2 point with the Miller loop's line coefficients computed once: for a key that is
/// paired again and again (a beacon's public key) the loop then needs no G2 arithmetic.
///
/// The running point T is kept in Jacobian coordinates (x = X/Z², y = Y/Z³), so no step needs an
/// inversion; each line λ·(x − x_T) − (y − y_T) on the twist is stored scaled by an element of Fp2
/// (which the final exponentiation removes) so that it has no denominator either.
public struct G2Prepared: Sendable {
    /// The line ℓ(P) = constant + (−slope·x_P)·v + (vertical·y_P)·v·w, up to an Fp2 factor.
    struct Line: Sendable {
        var slope: Fp2
        var constant: Fp2
        var vertical: Fp2
    }

    let lines: [Line]
    let isInfinity: Bool

    public init(_ q: G2Affine) {
        isInfinity = q.isInfinity
        guard !q.isInfinity else { lines = []; return }
        var lines = [Line]()
        lines.reserveCapacity(70)
        var x = q.x, y = q.y, z = Fp2.one
        for bit in stride(from: 62, through: 0, by: -1) {
            // Tangent at T, scaled by 2YZ³: slope 3X²Z², constant 3X³ − 2Y², vertical 2YZ³.
            let xx = x.square(), yy = y.square(), zz = z.square()
            let m = xx + xx + xx
            let z3 = (y * z).doubled()
            lines.append(Line(slope: m * zz, constant: m * x - yy.doubled(), vertical: z3 * zz))
            // 2T (a = 0): S = 4XY², X' = M² − 2S, Y' = M(S − X') − 8Y⁴, Z' = 2YZ.
            let s4 = (x * yy).doubled().doubled()
            let x3 = m.square() - s4.doubled()
            let y3 = m * (s4 - x3) - yy.square().doubled().doubled().doubled()
            (x, y, z) = (x3, y3, z3)
            if (Pairing.parameter >> UInt64(bit)) & 1 == 1 {
                // Chord through T and Q (T ≠ ±Q: T = kQ with 1 < k < |x| < r), scaled by Z·H
                // where H = x_Q·Z² − X and R = y_Q·Z³ − Y: slope R, constant R·x_Q − y_Q·Z·H, vertical Z·H.
                let zz = z.square()
                let h = q.x * zz - x
                let r = q.y * zz * z - y
                let zh = z * h
                lines.append(Line(slope: r, constant: r * q.x - q.y * zh, vertical: zh))
                // T + Q: X' = R² − H³ − 2X·H², Y' = R(X·H² − X') − Y·H³, Z' = Z·H.
                let hh = h.square(), hhh = hh * h
                let xhh = x * hh
                let x3 = r.square() - hhh - xhh.doubled()
                let y3 = r * (xhh - x3) - y * hhh
                (x, y, z) = (x3, y3, zh)
            }
        }
        self.lines = lines
    }
}
