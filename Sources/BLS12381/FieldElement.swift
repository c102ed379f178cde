/// What the tower's fields (Fp, Fp2, Fp6, Fp12) have in common, so that exponentiation and
/// the curve formulas are written once.
public protocol FieldElement: Sendable, Equatable {
    static var zero: Self { get }
    static var one: Self { get }
    var isZero: Bool { get }
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    static prefix func - (a: Self) -> Self
    func square() -> Self
    func doubled() -> Self
    /// The multiplicative inverse; zero gives zero.
    func inverse() -> Self
    /// self when `choice` is false, `other` when true, chosen by a mask rather than a branch.
    func select(_ other: Self, when choice: Bool) -> Self
}

extension FieldElement {
    /// self^e, for an exponent given as little-endian 64-bit limbs. The sequence of squarings and
    /// multiplications depends on the exponent only, never on self: every exponent used here is
    /// a public constant.
    @inlinable
    public func power(_ exponent: [UInt64]) -> Self {
        var result = Self.one
        var started = false
        for limb in exponent.reversed() {
            for bit in stride(from: 63, through: 0, by: -1) {
                if started { result = result.square() }
                if (limb >> UInt64(bit)) & 1 == 1 {
                    result = started ? result * self : self
                    started = true
                }
            }
        }
        return result
    }
}

/// Small arithmetic on little-endian limb arrays, for deriving exponents such as (p − 3) / 4
/// from the modulus instead of writing each one out by hand.
enum LimbArithmetic {
    static func subtracting(_ small: UInt64, from a: [UInt64]) -> [UInt64] {
        var result = a
        var borrow = small
        for i in result.indices where borrow != 0 {
            let (d, o) = result[i].subtractingReportingOverflow(borrow)
            result[i] = d
            borrow = o ? 1 : 0
        }
        return result
    }

    static func adding(_ small: UInt64, to a: [UInt64]) -> [UInt64] {
        var result = a
        var carry = small
        for i in result.indices where carry != 0 {
            let (s, o) = result[i].addingReportingOverflow(carry)
            result[i] = s
            carry = o ? 1 : 0
        }
        if carry != 0 { result.append(carry) }
        return result
    }

    /// a / d, for a divisor that divides a exactly or where the floor is wanted.
    static func dividing(_ a: [UInt64], by d: UInt64) -> [UInt64] {
        var result = a
        var remainder: UInt64 = 0
        for i in result.indices.reversed() {
            let (q, r) = d.dividingFullWidth((high: remainder, low: result[i]))
            result[i] = q
            remainder = r
        }
        return result
    }

    /// a · b for two limb arrays (schoolbook; only used on constants).
    static func multiplying(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var result = [UInt64](repeating: 0, count: a.count + b.count)
        for i in a.indices {
            var carry: UInt64 = 0
            for j in b.indices {
                (result[i + j], carry) = mac(result[i + j], a[i], b[j], carry)
            }
            result[i + b.count] = carry
        }
        return result
    }
}
