/// Why bytes from outside are not a point or a scalar; each case names the rule broken.
public enum PointEncodingError: Error, Equatable, Sendable, CustomStringConvertible {
    case wrongLength(field: String, expected: Int, actual: Int)
    /// The encoding's flag bits are not those of a compressed point.
    case notCompressed(field: String)
    /// The infinity flag is set but other bits are not zero.
    case malformedInfinity(field: String)
    /// A coordinate is not below the field modulus.
    case coordinateNotCanonical(field: String)
    /// No point of the curve has this x.
    case notOnCurve(field: String)
    /// The point is on the curve but outside the prime-order subgroup.
    case notInSubgroup(field: String)
    /// The point at infinity where a real point is required.
    case pointAtInfinity(field: String)

    public var description: String {
        switch self {
        case .wrongLength(let field, let expected, let actual): "\(field): \(actual) bytes, expected \(expected)"
        case .notCompressed(let field): "\(field): not a compressed point (the top bit of the first byte must be set)"
        case .malformedInfinity(let field): "\(field): the infinity flag is set but the rest of the encoding is not zero"
        case .coordinateNotCanonical(let field): "\(field): the x coordinate is not below the field modulus"
        case .notOnCurve(let field): "\(field): no curve point has this x coordinate"
        case .notInSubgroup(let field): "\(field): the point is not in the prime-order subgroup"
        case .pointAtInfinity(let field): "\(field): the point at infinity is not allowed here"
        }
    }
}
