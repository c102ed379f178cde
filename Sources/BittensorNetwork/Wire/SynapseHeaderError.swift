/// A request header that cannot be used, naming the header and the rule.
public enum SynapseHeaderError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidNumber(field: String, value: String)
    case missing(String)
    /// A well-formed value outside what the axon accepts; `rule` says what is accepted.
    case outOfRange(field: String, value: String, rule: String)

    public var description: String {
        switch self {
        case let .invalidNumber(field, value): "header \(field): '\(LogText.escaped(value))' is not a number"
        case let .missing(name): "header \(name): is required"
        case let .outOfRange(field, value, rule): "header \(field): '\(LogText.escaped(value))' \(rule)"
        }
    }
}
