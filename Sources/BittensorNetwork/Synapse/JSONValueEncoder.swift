/// Encodes `Encodable` values into a ``JSONValue`` tree, object keys in the order they are
/// written, so a synapse body is built once and written once by ``OrderedJSON`` (the
/// counterpart of ``JSONValueDecoder``).
///
/// Foundation's `JSONEncoder` did this job before, and was the largest single cost of an axon's
/// answer: it boxes every value, looks up generic metadata per field and, for the synapses with
/// order-keeping dict fields, its output had to be parsed again to put them back. Here a
/// `JSONValue` field is taken as it is, scalars are stored inline, and only containers are
/// objects of their own.
///
/// What Foundation's encoder does and this one keeps: a value that encodes nothing is `{}`; a
/// key written twice keeps its first position and its last value; `container(keyedBy:)` asked
/// twice of one encoder gives the same object (how a synapse writes its common fields and its
/// own into one body); non-finite floats are refused (`EncodingError.invalidValue`).
struct JSONValueEncoder {
    /// `value` as a JSON tree.
    static func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        try member(value, codingPath: []).value
    }

    /// `value` as a member of its container: scalars and `JSONValue`s directly, anything else
    /// through its `encode(to:)`.
    fileprivate static func member<T: Encodable>(_ value: T, codingPath: @autoclosure () -> [any CodingKey]) throws -> Member {
        switch value {
        case let json as JSONValue: return .value(json)
        case let text as String: return .value(.string(text))
        case let flag as Bool: return .value(.bool(flag))
        case let number as Int: return .value(.int(number))
        case let number as Double: return .value(try finite(number, codingPath: codingPath()))
        default:
            let encoder = NodeEncoder(codingPath: codingPath())
            try value.encode(to: encoder)
            return encoder.result ?? .value(.object([]))
        }
    }

    fileprivate static func finite(_ number: Double, codingPath: [any CodingKey]) throws -> JSONValue {
        guard number.isFinite else {
            throw EncodingError.invalidValue(number, .init(codingPath: codingPath, debugDescription: "\(number) is not a JSON number"))
        }
        return .double(number)
    }

    /// A `Float` as the `Double` with its shortest digits (`0.1`, not `0.10000000149011612`).
    fileprivate static func widened(_ number: Float) -> Double { Double(String(number)) ?? Double(number) }

    /// An integer of any width; those past `Int`'s range (only `UInt`/`UInt64` can be) are refused.
    fileprivate static func integer<I: BinaryInteger>(_ number: I, codingPath: [any CodingKey]) throws -> JSONValue {
        guard let exact = Int(exactly: number) else {
            throw EncodingError.invalidValue(number, .init(codingPath: codingPath, debugDescription: "\(number) is past Int's range"))
        }
        return .int(exact)
    }

    /// What one encoded value became: a finished value, or a container that may still be filled.
    fileprivate enum Member {
        case value(JSONValue)
        case node(Node)
        /// A super encoder's: read when the tree is finished, so what it writes later still lands.
        case pending(NodeEncoder)

        var value: JSONValue {
            switch self {
            case let .value(value): value
            case let .node(node): node.value
            case let .pending(encoder): encoder.result?.value ?? .object([])
            }
        }
    }

    /// An object or array under construction. A class, because Codable lets a nested container
    /// be filled after its parent has moved on.
    fileprivate final class Node {
        enum Kind { case object, array }

        let kind: Kind
        private var keys: [String] = []
        private var members: [Member] = []
        /// Where each key sits, built only once an object is large enough for a linear search
        /// to cost more than hashing: writing n keys stays linear for any n.
        private var positions: [String: Int] = [:]
        private static let linearSearchLimit = 16

        init(_ kind: Kind) { self.kind = kind }

        func set(_ member: Member, forKey key: String) {
            if let existing = position(of: key) {
                members[existing] = member
                return
            }
            if keys.count >= Self.linearSearchLimit {
                if positions.isEmpty {
                    for (index, known) in keys.enumerated() { positions[known] = index }
                }
                positions[key] = keys.count
            }
            keys.append(key)
            members.append(member)
        }

        private func position(of key: String) -> Int? {
            if keys.count > Self.linearSearchLimit { return positions[key] }
            return keys.firstIndex(of: key)
        }

        func append(_ member: Member) { members.append(member) }

        var count: Int { members.count }

        var value: JSONValue {
            switch kind {
            case .object: .object(zip(keys, members).map { ($0, $1.value) })
            case .array: .array(members.map(\.value))
            }
        }
    }

    /// The `Encoder` a non-scalar value writes itself into.
    fileprivate final class NodeEncoder: Encoder {
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        var result: Member?

        init(codingPath: [any CodingKey]) { self.codingPath = codingPath }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            KeyedEncodingContainer(Keyed<Key>(node: node(.object), codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            Unkeyed(node: node(.array), codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(encoder: self) }

        /// The container already begun of this kind, else a new one (replacing anything else).
        private func node(_ kind: Node.Kind) -> Node {
            if case let .node(existing)? = result, existing.kind == kind { return existing }
            let created = Node(kind)
            result = .node(created)
            return created
        }
    }

    private struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: Node
        let codingPath: [any CodingKey]

        private func set(_ value: JSONValue, _ key: Key) { node.set(.value(value), forKey: key.stringValue) }

        mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
        mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
        mutating func encode(_ value: Double, forKey key: Key) throws {
            set(try JSONValueEncoder.finite(value, codingPath: codingPath + [key]), key)
        }
        mutating func encode(_ value: Float, forKey key: Key) throws { try encode(JSONValueEncoder.widened(value), forKey: key) }
        mutating func encode(_ value: Int, forKey key: Key) throws { set(.int(value), key) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { set(.int(Int(value)), key) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { set(.int(Int(value)), key) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { set(.int(Int(value)), key) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { set(.int(Int(value)), key) }
        mutating func encode(_ value: UInt, forKey key: Key) throws {
            set(try JSONValueEncoder.integer(value, codingPath: codingPath + [key]), key)
        }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { set(.int(Int(value)), key) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { set(.int(Int(value)), key) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { set(.int(Int(value)), key) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws {
            set(try JSONValueEncoder.integer(value, codingPath: codingPath + [key]), key)
        }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            node.set(try JSONValueEncoder.member(value, codingPath: codingPath + [key]), forKey: key.stringValue)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<
            NestedKey
        > {
            let nested = Node(.object)
            node.set(.node(nested), forKey: key.stringValue)
            return KeyedEncodingContainer(Keyed<NestedKey>(node: nested, codingPath: codingPath + [key]))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let nested = Node(.array)
            node.set(.node(nested), forKey: key.stringValue)
            return Unkeyed(node: nested, codingPath: codingPath + [key])
        }

        mutating func superEncoder() -> any Encoder { superEncoder(named: "super") }
        mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key.stringValue) }

        private func superEncoder(named name: String) -> any Encoder {
            let encoder = NodeEncoder(codingPath: codingPath + [AnyKey(name)])
            node.set(.pending(encoder), forKey: name)
            return encoder
        }
    }

    private struct Unkeyed: UnkeyedEncodingContainer {
        let node: Node
        let codingPath: [any CodingKey]
        var count: Int { node.count }

        private var nextPath: [any CodingKey] { codingPath + [AnyKey(String(node.count))] }

        mutating func encodeNil() throws { node.append(.value(.null)) }
        mutating func encode(_ value: Bool) throws { node.append(.value(.bool(value))) }
        mutating func encode(_ value: String) throws { node.append(.value(.string(value))) }
        mutating func encode(_ value: Double) throws { node.append(.value(try JSONValueEncoder.finite(value, codingPath: nextPath))) }
        mutating func encode(_ value: Float) throws { try encode(JSONValueEncoder.widened(value)) }
        mutating func encode(_ value: Int) throws { node.append(.value(.int(value))) }
        mutating func encode(_ value: Int8) throws { node.append(.value(.int(Int(value)))) }
        mutating func encode(_ value: Int16) throws { node.append(.value(.int(Int(value)))) }
        mutating func encode(_ value: Int32) throws { node.append(.value(.int(Int(value)))) }
        mutating func encode(_ value: Int64) throws { node.append(.value(.int(Int(value)))) }
        mutating func encode(_ value: UInt) throws { node.append(.value(try JSONValueEncoder.integer(value, codingPath: nextPath))) }
        mutating func encode(_ value: UInt8) throws { node.append(.value(.int(Int(value)))) }
        mutating func encode(_ value: UInt16) throws { node.append(.value(.int(Int(value)))) }
        mutating func encode(_ value: UInt32) throws { node.append(.value(.int(Int(value)))) }
        mutating func encode(_ value: UInt64) throws { node.append(.value(try JSONValueEncoder.integer(value, codingPath: nextPath))) }

        mutating func encode<T: Encodable>(_ value: T) throws {
            node.append(try JSONValueEncoder.member(value, codingPath: nextPath))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let nested = Node(.object)
            let path = nextPath
            node.append(.node(nested))
            return KeyedEncodingContainer(Keyed<NestedKey>(node: nested, codingPath: path))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let nested = Node(.array)
            let path = nextPath
            node.append(.node(nested))
            return Unkeyed(node: nested, codingPath: path)
        }

        mutating func superEncoder() -> any Encoder {
            let encoder = NodeEncoder(codingPath: nextPath)
            node.append(.pending(encoder))
            return encoder
        }
    }

    private struct Single: SingleValueEncodingContainer {
        let encoder: NodeEncoder
        var codingPath: [any CodingKey] { encoder.codingPath }

        private func set(_ value: JSONValue) { encoder.result = .value(value) }

        mutating func encodeNil() throws { set(.null) }
        mutating func encode(_ value: Bool) throws { set(.bool(value)) }
        mutating func encode(_ value: String) throws { set(.string(value)) }
        mutating func encode(_ value: Double) throws { set(try JSONValueEncoder.finite(value, codingPath: codingPath)) }
        mutating func encode(_ value: Float) throws { try encode(JSONValueEncoder.widened(value)) }
        mutating func encode(_ value: Int) throws { set(.int(value)) }
        mutating func encode(_ value: Int8) throws { set(.int(Int(value))) }
        mutating func encode(_ value: Int16) throws { set(.int(Int(value))) }
        mutating func encode(_ value: Int32) throws { set(.int(Int(value))) }
        mutating func encode(_ value: Int64) throws { set(.int(Int(value))) }
        mutating func encode(_ value: UInt) throws { set(try JSONValueEncoder.integer(value, codingPath: codingPath)) }
        mutating func encode(_ value: UInt8) throws { set(.int(Int(value))) }
        mutating func encode(_ value: UInt16) throws { set(.int(Int(value))) }
        mutating func encode(_ value: UInt32) throws { set(.int(Int(value))) }
        mutating func encode(_ value: UInt64) throws { set(try JSONValueEncoder.integer(value, codingPath: codingPath)) }

        mutating func encode<T: Encodable>(_ value: T) throws {
            encoder.result = try JSONValueEncoder.member(value, codingPath: codingPath)
        }
    }
}
