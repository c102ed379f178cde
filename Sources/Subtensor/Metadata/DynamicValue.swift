import SCALE

/// A SCALE value decoded by its metadata type, so results of runtime APIs and storage reads
/// can be read by field name and survive fields being added or reordered by a runtime upgrade.
public indirect enum DynamicValue: Sendable, Equatable {
    case bool(Bool)
    case unsigned(UInt128)
    case signed(Int128)
    /// A 256-bit integer, little-endian bytes.
    case wide([UInt8])
    case string(String)
    /// A sequence, array or tuple (a `Vec<u8>` / `[u8; N]` too: each byte as `.unsigned`).
    case sequence([DynamicValue])
    /// A struct: fields in order, with their names where the type has them.
    case composite([(name: String?, value: DynamicValue)])
    case variant(name: String, index: UInt8, fields: [(name: String?, value: DynamicValue)])
    case bits(count: Int, bytes: [UInt8])

    /// Structural equality, field names included.
    public static func == (lhs: DynamicValue, rhs: DynamicValue) -> Bool {
        switch (lhs, rhs) {
        case let (.bool(a), .bool(b)): a == b
        case let (.unsigned(a), .unsigned(b)): a == b
        case let (.signed(a), .signed(b)): a == b
        case let (.wide(a), .wide(b)): a == b
        case let (.string(a), .string(b)): a == b
        case let (.sequence(a), .sequence(b)): a == b
        case let (.composite(a), .composite(b)): a.map(\.name) == b.map(\.name) && a.map(\.value) == b.map(\.value)
        case let (.variant(n1, i1, f1), .variant(n2, i2, f2)):
            n1 == n2 && i1 == i2 && f1.map(\.name) == f2.map(\.name) && f1.map(\.value) == f2.map(\.value)
        case let (.bits(c1, b1), .bits(c2, b2)): c1 == c2 && b1 == b2
        default: false
        }
    }

    /// A named field of a struct (looking through single-field wrappers of the value itself).
    public subscript(field: String) -> DynamicValue? {
        switch self {
        case let .composite(fields):
            if let found = fields.first(where: { $0.name == field }) { return found.value }
            if fields.count == 1, fields[0].name == nil { return fields[0].value[field] }
            return nil
        case let .variant(_, _, fields): return fields.first(where: { $0.name == field })?.value
        default: return nil
        }
    }

    /// The value with single-field, unnamed wrappers (newtypes such as `NetUid(u16)`) removed.
    public var unwrapped: DynamicValue {
        if case let .composite(fields) = self, fields.count == 1 { return fields[0].value.unwrapped }
        return self
    }

    /// An unsigned integer (through newtypes and `Compact`).
    public var unsigned: UInt128? {
        if case let .unsigned(value) = unwrapped { return value }
        return nil
    }

    /// A bool (through newtypes).
    public var bool: Bool? {
        if case let .bool(value) = unwrapped { return value }
        return nil
    }

    /// The elements of a sequence, array or tuple (through newtypes).
    public var elements: [DynamicValue]? {
        if case let .sequence(values) = unwrapped { return values }
        return nil
    }

    /// Bytes of a `Vec<u8>`, `[u8; N]` or `AccountId32`.
    public var bytes: [UInt8]? {
        guard let values = elements else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(values.count)
        for value in values {
            guard case let .unsigned(byte) = value, let narrowed = UInt8(exactly: byte) else { return nil }
            out.append(narrowed)
        }
        return out
    }
}

extension RuntimeMetadata {
    /// Decodes exactly `bytes` as the type `id`.
    public func decode(_ bytes: [UInt8], as id: UInt32, context: String) throws -> DynamicValue {
        var decoder = SCALEDecoder(bytes)
        let value = try decode(&decoder, as: id, depth: 0)
        try decoder.expectEnd(context)
        return value
    }

    /// Decodes one value of type `id`, leaving the decoder after it.
    public func decode(_ decoder: inout SCALEDecoder, as id: UInt32, depth: Int = 0) throws -> DynamicValue {
        guard depth < 64 else { throw MetadataError.typeTooDeep(id: id) }
        let type = try type(id, context: "decoding")
        let name = type.path.last ?? "type \(id)"
        switch type.definition {
        case let .primitive(primitive):
            return try decodePrimitive(primitive, &decoder, field: name)
        case let .compact(inner):
            let value = try decoder.decodeCompact(field: "Compact \(name)")
            // A compact struct (e.g. Compact<Perbill>) keeps its wrapper shape.
            if case .composite = try self.type(inner, context: "compact").definition {
                return .composite([(name: nil, value: .unsigned(value))])
            }
            return .unsigned(value)
        case let .sequence(inner):
            let count = try decoder.decodeLength(field: "Vec \(name)", minimumElementSize: try minimumSize(of: inner))
            var values: [DynamicValue] = []
            values.reserveCapacity(count)
            for _ in 0..<count { values.append(try decode(&decoder, as: inner, depth: depth + 1)) }
            return .sequence(values)
        case let .array(length, inner):
            let elementSize = try minimumSize(of: inner)
            guard elementSize == 0 || Int(length) * elementSize <= decoder.remaining else {
                throw SCALEError.truncated(
                    field: "array \(name)", offset: decoder.offset, needed: Int(length), remaining: decoder.remaining)
            }
            var values: [DynamicValue] = []
            for _ in 0..<length { values.append(try decode(&decoder, as: inner, depth: depth + 1)) }
            return .sequence(values)
        case let .tuple(members):
            var values: [DynamicValue] = []
            for member in members { values.append(try decode(&decoder, as: member, depth: depth + 1)) }
            return .sequence(values)
        case let .composite(fields):
            var values: [(name: String?, value: DynamicValue)] = []
            for field in fields { values.append((field.name, try decode(&decoder, as: field.type, depth: depth + 1))) }
            return .composite(values)
        case let .variant(variants):
            let index = try decoder.decodeVariant(field: name, known: variants.map(\.index))
            guard let variant = variants.first(where: { $0.index == index }) else {
                throw SCALEError.unknownVariant(field: name, offset: decoder.offset - 1, index: index)
            }
            var values: [(name: String?, value: DynamicValue)] = []
            for field in variant.fields { values.append((field.name, try decode(&decoder, as: field.type, depth: depth + 1))) }
            return .variant(name: variant.name, index: index, fields: values)
        case .bitSequence:
            // Only Lsb0 over u8 occurs in these runtimes; the byte count follows from the bit count.
            let count = try decoder.decodeLength(field: "BitVec \(name)", minimumElementSize: 0)
            return .bits(count: count, bytes: try decoder.readBytes((count + 7) / 8, field: "BitVec \(name)"))
        }
    }

    private func decodePrimitive(_ primitive: PrimitiveType, _ decoder: inout SCALEDecoder, field: String) throws -> DynamicValue {
        switch primitive {
        case .bool: .bool(try decoder.decodeBool(field: field))
        case .char: .unsigned(UInt128(try decoder.decode(UInt32.self, field: field)))
        case .str: .string(try decoder.decodeString(field: field))
        case .u8: .unsigned(UInt128(try decoder.decode(UInt8.self, field: field)))
        case .u16: .unsigned(UInt128(try decoder.decode(UInt16.self, field: field)))
        case .u32: .unsigned(UInt128(try decoder.decode(UInt32.self, field: field)))
        case .u64: .unsigned(UInt128(try decoder.decode(UInt64.self, field: field)))
        case .u128: .unsigned(try decoder.decode(UInt128.self, field: field))
        case .i8: .signed(Int128(try decoder.decode(Int8.self, field: field)))
        case .i16: .signed(Int128(try decoder.decode(Int16.self, field: field)))
        case .i32: .signed(Int128(try decoder.decode(Int32.self, field: field)))
        case .i64: .signed(Int128(try decoder.decode(Int64.self, field: field)))
        case .i128: .signed(try decoder.decode(Int128.self, field: field))
        case .u256, .i256: .wide(try decoder.readBytes(32, field: field))
        }
    }

    /// The fewest bytes a value of type `id` can take (bounds vector lengths before allocating).
    func minimumSize(of id: UInt32, depth: Int = 0) throws -> Int {
        guard depth < 64 else { throw MetadataError.typeTooDeep(id: id) }
        switch try type(id, context: "size").definition {
        case let .primitive(primitive): return primitive.byteSize ?? 1
        case .compact, .sequence, .bitSequence, .variant: return 1
        case let .array(length, inner): return Int(length) * (try minimumSize(of: inner, depth: depth + 1))
        case let .tuple(members):
            var total = 0
            for member in members { total += try minimumSize(of: member, depth: depth + 1) }
            return total
        case let .composite(fields):
            var total = 0
            for field in fields { total += try minimumSize(of: field.type, depth: depth + 1) }
            return total
        }
    }
}
