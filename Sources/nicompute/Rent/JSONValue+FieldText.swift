import BittensorNetwork

extension JSONValue {
    /// Field `name` of an object as a renter reads it: a string as is, a whole number in
    /// decimal, "?" when absent or of another kind.
    func fieldText(_ name: String) -> String {
        switch self[name] {
        case let .string(text)?: text
        case let .int(number)?: String(number)
        default: "?"
        }
    }
}
