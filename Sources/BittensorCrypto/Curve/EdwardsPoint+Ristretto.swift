/// ristretto255 encoding and decoding (RFC 9496 §4.3.1, §4.3.2) of Edwards points.
extension EdwardsPoint {
    /// Decodes a canonical ristretto255 encoding; nil for anything RFC 9496 rejects
    /// (non-canonical or negative s, a non-square, a negative t, y = 0).
    init?(ristretto bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        let s = FieldElement(bytes: bytes)
        guard s.bytes == bytes, !s.isNegative else { return nil }
        let ss = s.squared
        let u1 = FieldElement.one - ss
        let u2 = FieldElement.one + ss
        let u2Squared = u2.squared
        let v = -(FieldElement.Constants.d * u1.squared) - u2Squared
        let (wasSquare, invSqrt) = FieldElement.sqrtRatioM1(.one, v * u2Squared)
        let denX = invSqrt * u2
        let denY = invSqrt * denX * v
        let x = ((s + s) * denX).absolute
        let y = u1 * denY
        let t = x * y
        guard wasSquare, !t.isNegative, !y.isZero else { return nil }
        self.init(x: x, y: y, z: .one, t: t)
    }

    /// The canonical ristretto255 encoding.
    var ristrettoEncoding: [UInt8] {
        let u1 = (z + y) * (z - y)
        let u2 = x * y
        let (_, invSqrt) = FieldElement.sqrtRatioM1(.one, u1 * u2.squared)
        let den1 = invSqrt * u1
        let den2 = invSqrt * u2
        let zInv = den1 * den2 * t
        let rotate = (t * zInv).isNegative
        var xr = rotate ? y * FieldElement.Constants.sqrtM1 : x
        var yr = rotate ? x * FieldElement.Constants.sqrtM1 : y
        let denInv = rotate ? den1 * FieldElement.Constants.invSqrtAMinusD : den2
        if (xr * zInv).isNegative { yr = -yr }
        xr = denInv * (z - yr)
        return xr.absolute.bytes
    }
}
