/// Why a wallet location is unusable.
public enum WalletError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidName(field: String, value: String)

    public var description: String {
        switch self {
        case let .invalidName(field, value):
            "\(field): '\(value)' is not a valid name; use a non-empty name without '/' that is not '.' or '..'"
        }
    }
}
