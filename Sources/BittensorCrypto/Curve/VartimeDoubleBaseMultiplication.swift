/// `a·A + b·B` for a point A and the ristretto255 base point B, in variable time.
///
/// Verification works only on public values (the signature, the message, the public key), so
/// it may take the fast variable-time route schnorrkel also takes: width-w non-adjacent forms
/// of both scalars and one shared doubling chain (Straus' method), with a precomputed table of
/// odd multiples of B. Signing never comes here; it uses libsodium's constant-time code.
enum VartimeDoubleBaseMultiplication {
    /// Odd multiples B, 3B, …, 127B for the width-8 NAF of the base scalar.
    private static let baseTable: [EdwardsPoint.Cached] = {
        let one = Scalar25519.reducing(wide: [1] + [UInt8](repeating: 0, count: 63))
        guard let base = EdwardsPoint(ristretto: RistrettoPoint.base(times: one).encoding) else {
            preconditionFailure("the ristretto255 base point failed to decode")
        }
        return oddMultiples(of: base, count: 64)
    }()

    static func compute(a: Scalar25519, point: EdwardsPoint, b: Scalar25519) -> EdwardsPoint {
        let aDigits = nonAdjacentForm(a.bytes, width: 5)
        let bDigits = nonAdjacentForm(b.bytes, width: 8)
        let pointTable = oddMultiples(of: point, count: 8)
        let baseTable = Self.baseTable

        var index = 255
        while index >= 0 && aDigits[index] == 0 && bDigits[index] == 0 { index -= 1 }
        var result = EdwardsPoint.identity
        while index >= 0 {
            let da = Int(aDigits[index])
            let db = Int(bDigits[index])
            // T is only read by additions: skip it wherever a doubling comes next.
            result = result.doubled(computingT: da != 0 || db != 0)
            if da > 0 {
                result = result.adding(pointTable[da / 2], computingT: db != 0)
            } else if da < 0 {
                result = result.subtracting(pointTable[-da / 2], computingT: db != 0)
            }
            if db > 0 {
                result = result.adding(baseTable[db / 2], computingT: false)
            } else if db < 0 {
                result = result.subtracting(baseTable[-db / 2], computingT: false)
            }
            index -= 1
        }
        // The last step may have skipped T; the encoding below reads it, so restore it.
        return EdwardsPoint(x: result.x * result.z, y: result.y * result.z, z: result.z.squared, t: result.x * result.y)
        return result
    }

    /// P, 3P, 5P, … (`count` entries) in cached form.
    private static func oddMultiples(of point: EdwardsPoint, count: Int) -> [EdwardsPoint.Cached] {
        let twice = point.doubled().cached
        var table = [point.cached]
        table.reserveCapacity(count)
        var current = point
        for _ in 1..<count {
            current = current.adding(twice)
            table.append(current.cached)
        }
        return table
    }

    /// The width-`width` NAF of a scalar below 2^255: digits odd and below 2^(w−1) in
    /// magnitude, any w consecutive digits holding at most one non-zero.
    static func nonAdjacentForm(_ scalar: [UInt8], width: Int) -> [Int8] {
        precondition(scalar.count == 32 && scalar[31] <= 127 && (2...8).contains(width))
        var words = [UInt64](repeating: 0, count: 5)
        for index in 0..<32 { words[index / 8] |= UInt64(scalar[index]) << (8 * UInt64(index % 8)) }
        var digits = [Int8](repeating: 0, count: 256)
        let windowSize = UInt64(1) << UInt64(width)
        let windowMask = windowSize - 1
        var position = 0
        var carry: UInt64 = 0
        while position < 256 {
            let word = position / 64
            let bit = UInt64(position % 64)
            let buffer =
                bit < 64 - UInt64(width)
                ? words[word] >> bit
                : (words[word] >> bit) | (words[word + 1] << (64 - bit))
            let window = carry + (buffer & windowMask)
            if window & 1 == 0 {
                position += 1
                continue
            }
            if window < windowSize / 2 {
                carry = 0
                digits[position] = Int8(window)
            } else {
                carry = 1
                digits[position] = Int8(Int64(window) - Int64(windowSize))
            }
            position += width
        }
        return digits
    }
}
