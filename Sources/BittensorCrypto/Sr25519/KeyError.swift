/// Why bytes or text are not usable key material.
public enum KeyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `field` has `actual` bytes where `expected` are required.
    case invalidLength(field: String, expected: [Int], actual: Int)
    /// `field` encodes a scalar ≥ ℓ, which schnorrkel refuses.
    case nonCanonicalScalar(field: String)
    /// `field` is not hexadecimal.
    case invalidHex(field: String)
    /// The keypair has only a public key and cannot sign.
    case noSecretKey
    /// A secret URI (`//Alice`, `phrase//hard`) that is malformed or uses an unsupported feature.
    case invalidSecretURI(String)

    public var description: String {
        switch self {
        case let .invalidLength(field, expected, actual):
            "\(field): has \(actual) bytes, expected \(expected.map(String.init).joined(separator: " or "))"
        case let .nonCanonicalScalar(field):
            "\(field): the secret scalar is not canonical (not below the group order ℓ)"
        case let .invalidHex(field):
            "\(field): is not hexadecimal (0x followed by an even number of hex digits)"
        case .noSecretKey:
            "keypair: holds only a public key and cannot sign"
        case let .invalidSecretURI(reason):
            "secret URI: \(reason)"
        }
    }
}
