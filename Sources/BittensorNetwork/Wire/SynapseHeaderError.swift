/// A request header that cannot be used, naming the header and the rule.
public enum SynapseHeaderError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidNumber(field: String, value: String)
    case missing(String)

    public var description: String {
        switch self {
        case let .invalidNumber(field, value): "header \(field): '\(value)' is not a number"
        case let .missing(name): "header \(name): is required"
        }
    }
}
