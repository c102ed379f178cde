/// A number (or list length) in a worker's output outside ``PoGLimits``: the miner's test
/// fails with it, naming the field, the value and the rule.
public struct ImplausibleValue: Error, Equatable, Sendable, CustomStringConvertible {
    public let field: String
    public let value: String
    public let rule: String

    public init(field: String, value: String, rule: String) {
        self.field = field
        self.value = value
        self.rule = rule
    }

    public var description: String { "\(field) = \(value): must be \(rule)" }
}
