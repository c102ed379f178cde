// SCALE encodings of the standard types: fixed-width integers, bool, String, Vec, Option.

/// A type with both a SCALE encoding and decoding.
public typealias SCALECodable = SCALEEncodable & SCALEDecodable

extension UInt8: SCALECodable {}
extension UInt16: SCALECodable {}
extension UInt32: SCALECodable {}
extension UInt64: SCALECodable {}
extension UInt128: SCALECodable {}
extension Int8: SCALECodable {}
extension Int16: SCALECodable {}
extension Int32: SCALECodable {}
extension Int64: SCALECodable {}
extension Int128: SCALECodable {}

extension SCALEEncodable where Self: FixedWidthInteger {
    public func encode(to encoder: inout SCALEEncoder) throws(SCALEError) { encoder.encode(self) }
}

extension SCALEDecodable where Self: FixedWidthInteger {
    public init(from decoder: inout SCALEDecoder) throws(SCALEError) { self = try decoder.decode(Self.self) }
}

extension Bool: SCALECodable {
    public func encode(to encoder: inout SCALEEncoder) throws(SCALEError) { encoder.encode(self) }
    public init(from decoder: inout SCALEDecoder) throws(SCALEError) { self = try decoder.decodeBool() }
}

extension String: SCALECodable {
    public func encode(to encoder: inout SCALEEncoder) throws(SCALEError) { encoder.encode(self) }
    public init(from decoder: inout SCALEDecoder) throws(SCALEError) { self = try decoder.decodeString() }
}

extension Array: SCALEEncodable where Element: SCALEEncodable {
    public func encode(to encoder: inout SCALEEncoder) throws(SCALEError) {
        encoder.encodeCompact(UInt128(count))
        for element in self { try element.encode(to: &encoder) }
    }
}

extension Array: SCALEDecodable where Element: SCALEDecodable {
    public init(from decoder: inout SCALEDecoder) throws(SCALEError) {
        // Every SCALE value of a decodable type here takes at least one byte, except an empty
        // tuple, which these standard conformances do not include.
        self = try decoder.decodeVector(field: "Vec<\(Element.self)>") { (inner: inout SCALEDecoder) throws(SCALEError) in
            try Element(from: &inner)
        }
    }
}

extension Optional: SCALEEncodable where Wrapped: SCALEEncodable {
    public func encode(to encoder: inout SCALEEncoder) throws(SCALEError) {
        try encoder.encodeOptional(self) { (inner: inout SCALEEncoder, value: Wrapped) throws(SCALEError) in try value.encode(to: &inner) }
    }
}

extension Optional: SCALEDecodable where Wrapped: SCALEDecodable {
    public init(from decoder: inout SCALEDecoder) throws(SCALEError) {
        self = try decoder.decodeOptional(field: "Option<\(Wrapped.self)>") { (inner: inout SCALEDecoder) throws(SCALEError) in
            try Wrapped(from: &inner)
        }
    }
}

/// A compact-encoded unsigned integer (`Compact<T>`).
public struct Compact<Value: UnsignedInteger & FixedWidthInteger & Sendable>: SCALECodable, Sendable, Equatable {
    /// The integer.
    public var value: Value
    /// Wraps `value` for compact encoding.
    public init(_ value: Value) { self.value = value }

    public func encode(to encoder: inout SCALEEncoder) throws(SCALEError) { encoder.encodeCompact(value) }
    public init(from decoder: inout SCALEDecoder) throws(SCALEError) {
        value = try decoder.decodeCompact(Value.self, field: "Compact<\(Value.self)>")
    }
}
