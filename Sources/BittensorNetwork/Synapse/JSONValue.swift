/// Any JSON value, with object keys kept in order: the untyped `dict` fields of synapses
/// (`device_requirement`, `output`, …) as pydantic holds them.
public indirect enum JSONValue: Codable, Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.bool(a), .bool(b)): a == b
        case let (.int(a), .int(b)): a == b
        case let (.double(a), .double(b)): a == b
        case let (.int(a), .double(b)), let (.double(b), .int(a)): Double(a) == b
        case let (.string(a), .string(b)): a == b
        case let (.array(a), .array(b)): a == b
        case let (.object(a), .object(b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    public init(from decoder: any Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            var items = [JSONValue]()
            while !array.isAtEnd { items.append(try array.decode(JSONValue.self)) }
            self = .array(items)
            return
        }
        if let object = try? decoder.container(keyedBy: AnyKey.self) {
            // Foundation's decoder does not promise key order; sort for a stable rendering.
            self = .object(
                try object.allKeys.sorted { $0.stringValue < $1.stringValue }.map { key in
                    (key.stringValue, try object.decode(JSONValue.self, forKey: key))
                })
            return
        }
        let value = try decoder.singleValueContainer()
        if value.decodeNil() {
            self = .null
        } else if let bool = try? value.decode(Bool.self) {
            self = .bool(bool)
        } else if let int = try? value.decode(Int.self) {
            self = .int(int)
        } else if let double = try? value.decode(Double.self) {
            self = .double(double)
        } else {
            self = .string(try value.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var value = encoder.singleValueContainer()
            try value.encodeNil()
        case let .bool(bool):
            var value = encoder.singleValueContainer()
            try value.encode(bool)
        case let .int(int):
            var value = encoder.singleValueContainer()
            try value.encode(int)
        case let .double(double):
            var value = encoder.singleValueContainer()
            try value.encode(double)
        case let .string(string):
            var value = encoder.singleValueContainer()
            try value.encode(string)
        case let .array(items):
            var array = encoder.unkeyedContainer()
            for item in items { try array.encode(item) }
        case let .object(pairs):
            var object = encoder.container(keyedBy: AnyKey.self)
            for (key, item) in pairs { try object.encode(item, forKey: AnyKey(key)) }
        }
    }

    /// The member `key` of an object; nil otherwise.
    public subscript(key: String) -> JSONValue? {
        guard case let .object(pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    /// This object with member `key` set to `value` (replaced in place, else appended, so the
    /// order is kept); anything but an object becomes `{key: value}`.
    public func setting(_ key: String, to value: JSONValue) -> JSONValue {
        guard case var .object(pairs) = self else { return .object([(key, value)]) }
        if let index = pairs.firstIndex(where: { $0.0 == key }) { pairs[index].1 = value } else { pairs.append((key, value)) }
        return .object(pairs)
    }

    /// The value as Python holds it after `json.loads`.
    public var pythonValue: PythonValue {
        switch self {
        case .null: .none
        case let .bool(bool): .bool(bool)
        case let .int(int): .int(int)
        case let .double(double): .float(double)
        case let .string(string): .string(string)
        case let .array(items): .list(items.map(\.pythonValue))
        case let .object(pairs): .dict(pairs.map { ($0.0, $0.1.pythonValue) })
        }
    }
}

/// A coding key for arbitrary names.
struct AnyKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
