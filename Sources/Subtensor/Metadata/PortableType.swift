import SCALE

/// One type of the metadata's registry (`scale_info::PortableType`).
public struct PortableType: Sendable, Equatable {
    public var id: UInt32
    /// The Rust path, e.g. `["pallet_subtensor", "rpc_info", "neuron_info", "NeuronInfoLite"]`.
    public var path: [String]
    public var definition: TypeDefinition
}

/// A field of a composite type or an enum variant.
public struct TypeField: Sendable, Equatable {
    public var name: String?
    public var type: UInt32
    public var typeName: String?
}

/// An enum variant.
public struct TypeVariant: Sendable, Equatable {
    public var name: String
    public var fields: [TypeField]
    public var index: UInt8
}

/// The primitive types of `scale_info`.
public enum PrimitiveType: UInt8, Sendable, Equatable {
    case bool = 0, char, str, u8, u16, u32, u64, u128, u256, i8, i16, i32, i64, i128, i256

    /// Bytes of the fixed-size primitives; nil for `str`.
    var byteSize: Int? {
        switch self {
        case .bool, .u8, .i8: 1
        case .u16, .i16: 2
        case .char, .u32, .i32: 4
        case .u64, .i64: 8
        case .u128, .i128: 16
        case .u256, .i256: 32
        case .str: nil
        }
    }
}

/// `scale_info::TypeDef`.
public indirect enum TypeDefinition: Sendable, Equatable {
    case composite([TypeField])
    case variant([TypeVariant])
    case sequence(UInt32)
    case array(length: UInt32, element: UInt32)
    case tuple([UInt32])
    case primitive(PrimitiveType)
    case compact(UInt32)
    case bitSequence(store: UInt32, order: UInt32)
}

extension PortableType {
    init(from decoder: inout SCALEDecoder) throws(SCALEError) {
        id = try decoder.decodeCompact(UInt32.self, field: "type.id")
        path = try decoder.decodeVector(field: "type.path") { (d: inout SCALEDecoder) throws(SCALEError) in
            try d.decodeString(field: "type.path")
        }
        // Generic parameters are not needed to encode or decode values: the definition is concrete.
        _ = try decoder.decodeVector(field: "type.params") { (d: inout SCALEDecoder) throws(SCALEError) in
            _ = try d.decodeString(field: "type.param.name")
            _ = try d.decodeOptional(field: "type.param.type") { (o: inout SCALEDecoder) throws(SCALEError) in
                try o.decodeCompact(UInt32.self)
            }
        }
        definition = try TypeDefinition(from: &decoder)
        try Self.skipDocs(&decoder, field: "type.docs")
    }

    static func skipDocs(_ decoder: inout SCALEDecoder, field: String) throws(SCALEError) {
        _ = try decoder.decodeVector(field: field) { (d: inout SCALEDecoder) throws(SCALEError) in try d.decodeString(field: field) }
    }
}

extension TypeField {
    init(from decoder: inout SCALEDecoder) throws(SCALEError) {
        name = try decoder.decodeOptional(field: "field.name") { (d: inout SCALEDecoder) throws(SCALEError) in
            try d.decodeString(field: "field.name")
        }
        type = try decoder.decodeCompact(UInt32.self, field: "field.type")
        typeName = try decoder.decodeOptional(field: "field.typeName") { (d: inout SCALEDecoder) throws(SCALEError) in
            try d.decodeString(field: "field.typeName")
        }
        try PortableType.skipDocs(&decoder, field: "field.docs")
    }

    static func list(_ decoder: inout SCALEDecoder, field: String) throws(SCALEError) -> [TypeField] {
        try decoder.decodeVector(field: field) { (d: inout SCALEDecoder) throws(SCALEError) in try TypeField(from: &d) }
    }
}

extension TypeDefinition {
    init(from decoder: inout SCALEDecoder) throws(SCALEError) {
        let tag = try decoder.decodeVariant(field: "TypeDef", known: 0...7)
        switch tag {
        case 0: self = .composite(try TypeField.list(&decoder, field: "composite.fields"))
        case 1:
            self = .variant(
                try decoder.decodeVector(field: "variant.variants") { (d: inout SCALEDecoder) throws(SCALEError) in
                    let name = try d.decodeString(field: "variant.name")
                    let fields = try TypeField.list(&d, field: "variant.fields")
                    let index: UInt8 = try d.decode(field: "variant.index")
                    try PortableType.skipDocs(&d, field: "variant.docs")
                    return TypeVariant(name: name, fields: fields, index: index)
                })
        case 2: self = .sequence(try decoder.decodeCompact(UInt32.self, field: "sequence.type"))
        case 3:
            let length: UInt32 = try decoder.decode(field: "array.len")
            self = .array(length: length, element: try decoder.decodeCompact(UInt32.self, field: "array.type"))
        case 4:
            self = .tuple(
                try decoder.decodeVector(field: "tuple.fields") { (d: inout SCALEDecoder) throws(SCALEError) in
                    try d.decodeCompact(UInt32.self, field: "tuple.field")
                })
        case 5:
            let start = decoder.offset
            let raw: UInt8 = try decoder.decode(field: "primitive")
            guard let primitive = PrimitiveType(rawValue: raw) else { throw .unknownVariant(field: "primitive", offset: start, index: raw) }
            self = .primitive(primitive)
        case 6: self = .compact(try decoder.decodeCompact(UInt32.self, field: "compact.type"))
        default:
            let store = try decoder.decodeCompact(UInt32.self, field: "bitSequence.store")
            self = .bitSequence(store: store, order: try decoder.decodeCompact(UInt32.self, field: "bitSequence.order"))
        }
    }
}
