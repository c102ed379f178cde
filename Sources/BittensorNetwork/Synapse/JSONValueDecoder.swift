/// Decodes `Decodable` values from a parsed ``JSONValue`` tree, so a synapse body is parsed
/// once, linearly, by ``OrderedJSON`` and then read field by field.
///
/// `JSONValue` fields are handed over as they are (key order kept). Numbers follow pydantic's
/// lax mode where Foundation's decoder would also accept them: an integral float decodes as an
/// `Int` (`3.0` → 3), an integer as a `Double`. Each keyed container indexes its object once,
/// so reading k fields of an object of n keys costs O(n + k).
struct JSONValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(_ value: JSONValue, codingPath: [any CodingKey] = []) {
        self.value = value
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case let .object(pairs) = value else { throw mismatch("an object") }
        return KeyedDecodingContainer(Keyed<Key>(pairs: pairs, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case let .array(items) = value else { throw mismatch("an array") }
        return Unkeyed(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        Single(value: value, codingPath: codingPath)
    }

    private func mismatch(_ expected: String) -> DecodingError {
        .typeMismatch(JSONValue.self, .init(codingPath: codingPath, debugDescription: "expected \(expected)"))
    }

    /// Decodes `type` from `value`: a `JSONValue` is taken as it is.
    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue, codingPath: [any CodingKey]) throws -> T {
        if let same = value as? T { return same }
        return try T(from: JSONValueDecoder(value, codingPath: codingPath))
    }

    /// Any member: the common scalars first (their cases match without boxing), then every
    /// other scalar type, then anything else through its `init(from:)`. The path is only built
    /// when it is needed: for an error, or to hand to a nested value.
    static func any<T: Decodable>(_ type: T.Type, from value: JSONValue, codingPath: @autoclosure () -> [any CodingKey]) throws -> T {
        switch value {
        case let .string(text) where T.self == String.self: return unsafeBitCast(text, to: T.self)
        case let .int(number) where T.self == Int.self: return unsafeBitCast(number, to: T.self)
        case let .double(number) where T.self == Double.self: return unsafeBitCast(number, to: T.self)
        case let .bool(flag) where T.self == Bool.self: return unsafeBitCast(flag, to: T.self)
        default: break
        }
        switch type {
        case is String.Type, is Bool.Type, is Double.Type, is Float.Type, is Int.Type, is Int64.Type, is Int32.Type,
            is Int16.Type, is Int8.Type, is UInt.Type, is UInt64.Type, is UInt32.Type, is UInt16.Type, is UInt8.Type:
            return try scalar(type, from: value, codingPath: codingPath())
        default:
            return try decode(type, from: value, codingPath: codingPath())
        }
    }

    // MARK: - Scalars

    static func scalar<T>(_ type: T.Type, from value: JSONValue, codingPath: [any CodingKey]) throws -> T {
        let result: Any?
        switch (value, type) {
        case let (.string(text), is String.Type): result = text
        case let (.bool(flag), is Bool.Type): result = flag
        case let (.double(number), is Double.Type): result = number
        case let (.int(number), is Double.Type): result = Double(number)
        case let (.double(number), is Float.Type): result = Float(number)
        case let (.int(number), is Float.Type): result = Float(number)
        case let (.int(number), _): result = integer(number, as: type)
        case let (.double(number), _):
            // Exactly integral and inside Int64 (2^63 itself is not): never a trapping conversion.
            if number.rounded(.towardZero) == number, number >= -9.223372036854775808e18, number < 9.223372036854775808e18 {
                result = integer(Int(number), as: type)
            } else {
                result = nil
            }
        default: result = nil
        }
        guard let typed = result as? T else {
            throw DecodingError.typeMismatch(
                type, .init(codingPath: codingPath, debugDescription: "cannot read \(describe(value)) as \(type)"))
        }
        return typed
    }

    private static func integer<T>(_ number: Int, as type: T.Type) -> Any? {
        switch type {
        case is Int.Type: number
        case is Int64.Type: Int64(number)
        case is Int32.Type: Int32(exactly: number)
        case is Int16.Type: Int16(exactly: number)
        case is Int8.Type: Int8(exactly: number)
        case is UInt.Type: UInt(exactly: number)
        case is UInt64.Type: UInt64(exactly: number)
        case is UInt32.Type: UInt32(exactly: number)
        case is UInt16.Type: UInt16(exactly: number)
        case is UInt8.Type: UInt8(exactly: number)
        case is Double.Type: Double(number)
        default: nil
        }
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    // MARK: - Containers

    private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let codingPath: [any CodingKey]
        private let pairs: [(String, JSONValue)]
        /// Key → position, for objects past ``linearSearchLimit`` keys; a synapse reads a
        /// handful of fields from small objects, where a search beats building a table.
        private let positions: [String: Int]?
        private static var linearSearchLimit: Int { 16 }

        init(pairs: [(String, JSONValue)], codingPath: [any CodingKey]) {
            self.codingPath = codingPath
            self.pairs = pairs
            // Keys are unique after OrderedJSON's duplicate policy; keep the last to be safe.
            positions =
                pairs.count > Self.linearSearchLimit
                ? Dictionary(pairs.enumerated().map { ($1.0, $0) }, uniquingKeysWith: { _, last in last }) : nil
        }

        var allKeys: [Key] { pairs.compactMap { Key(stringValue: $0.0) } }

        private func lookup(_ name: String) -> JSONValue? {
            if let positions { return positions[name].map { pairs[$0].1 } }
            return pairs.last { $0.0 == name }?.1
        }

        func contains(_ key: Key) -> Bool { lookup(key.stringValue) != nil }

        private func value(_ key: Key) throws -> JSONValue {
            guard let value = lookup(key.stringValue) else {
                throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no field \(key.stringValue)"))
            }
            return value
        }

        func decodeNil(forKey key: Key) throws -> Bool { try value(key) == .null }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try JSONValueDecoder.any(type, from: value(key), codingPath: codingPath + [key])
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<
            NestedKey
        > {
            try JSONValueDecoder(value(key), codingPath: codingPath + [key]).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try JSONValueDecoder(value(key), codingPath: codingPath + [key]).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder { JSONValueDecoder(.object(pairs), codingPath: codingPath) }

        func superDecoder(forKey key: Key) throws -> any Decoder { try JSONValueDecoder(value(key), codingPath: codingPath + [key]) }
    }

    private struct Unkeyed: UnkeyedDecodingContainer {
        let items: [JSONValue]
        let codingPath: [any CodingKey]
        var currentIndex = 0
        var count: Int? { items.count }
        var isAtEnd: Bool { currentIndex >= items.count }

        init(items: [JSONValue], codingPath: [any CodingKey]) {
            self.items = items
            self.codingPath = codingPath
        }

        private mutating func next() throws -> (JSONValue, [any CodingKey]) {
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(
                    JSONValue.self, .init(codingPath: codingPath, debugDescription: "the array has no more items"))
            }
            defer { currentIndex += 1 }
            return (items[currentIndex], codingPath + [IndexKey(currentIndex)])
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd, items[currentIndex] == .null else { return false }
            currentIndex += 1
            return true
        }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let (node, path) = try next()
            return try JSONValueDecoder.any(type, from: node, codingPath: path)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            let (node, path) = try next()
            return try JSONValueDecoder(node, codingPath: path).container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            let (node, path) = try next()
            return try JSONValueDecoder(node, codingPath: path).unkeyedContainer()
        }

        mutating func superDecoder() throws -> any Decoder {
            let (node, path) = try next()
            return JSONValueDecoder(node, codingPath: path)
        }
    }

    private struct Single: SingleValueDecodingContainer {
        let value: JSONValue
        let codingPath: [any CodingKey]

        func decodeNil() -> Bool { value == .null }

        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try JSONValueDecoder.any(type, from: value, codingPath: codingPath)
        }
    }

    private struct IndexKey: CodingKey {
        let intValue: Int?
        var stringValue: String { String(intValue ?? 0) }
        init(_ index: Int) { intValue = index }
        init?(stringValue: String) { nil }
        init?(intValue: Int) { self.intValue = intValue }
    }
}
