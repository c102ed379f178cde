/// Why a string is not a valid SS58 address.
public enum SS58Error: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case invalidCharacter(String, position: Int)
    case invalidLength(Int)
    case unsupportedPrefixFormat
    case wrongPrefix(expected: UInt16, found: UInt16)
    case badChecksum

    public var description: String {
        switch self {
        case .empty:
            "SS58 address: is empty"
        case let .invalidCharacter(character, position):
            "SS58 address: character '\(character)' at position \(position) is not in the base58 alphabet"
        case let .invalidLength(length):
            "SS58 address: decodes to \(length) bytes, expected 35 (prefix, 32-byte account, 2-byte checksum)"
        case .unsupportedPrefixFormat:
            "SS58 address: uses a two-byte network prefix (≥ 64), which Bittensor does not use"
        case let .wrongPrefix(expected, found):
            "SS58 address: network prefix is \(found), expected \(expected) (Bittensor)"
        case .badChecksum:
            "SS58 address: checksum does not match (a mistyped or truncated address)"
        }
    }
}
