/// Builds SCALE bytes (Substrate's "Simple Concatenated Aggregate Little-Endian" encoding).
///
/// Values are appended in order; a struct or tuple is the concatenation of its fields, so
/// callers encode fields one after the other.
public struct SCALEEncoder: Sendable {
    /// The bytes encoded so far.
    public private(set) var bytes: [UInt8]

    /// An empty encoder.
    public init() { bytes = [] }

    /// Fixed-width little-endian integer (`u8`…`u128`, `i8`…`i128`).
    public mutating func encode<T: FixedWidthInteger>(_ value: T) {
        var little = value.littleEndian
        withUnsafeBytes(of: &little) { bytes.append(contentsOf: $0) }
    }

    /// `bool`: one byte, 0 or 1.
    public mutating func encode(_ value: Bool) { bytes.append(value ? 1 : 0) }

    /// A compact (variable-length) unsigned integer, up to `u128`.
    public mutating func encodeCompact(_ value: UInt128) {
        switch value {
        case ..<(1 << 6):
            bytes.append(UInt8(value) << 2)
        case ..<(1 << 14):
            encode(UInt16(value) << 2 | 0b01)
        case ..<(1 << 30):
            encode(UInt32(value) << 2 | 0b10)
        default:
            // Big-integer mode: the byte count minus 4 in the upper six bits, then the value.
            let count = (UInt128.bitWidth - value.leadingZeroBitCount + 7) / 8
            bytes.append(UInt8(count - 4) << 2 | 0b11)
            var remaining = value
            for _ in 0..<count {
                bytes.append(UInt8(truncatingIfNeeded: remaining))
                remaining >>= 8
            }
        }
    }

    /// A compact integer from any unsigned integer type.
    public mutating func encodeCompact<T: UnsignedInteger & FixedWidthInteger>(_ value: T) {
        encodeCompact(UInt128(value))
    }

    /// A compact integer from a signed value that must not be negative (`field` names it in
    /// the error).
    public mutating func encodeCompact(_ value: Int, field: String) throws(SCALEError) {
        guard value >= 0 else { throw .unencodable(field: field, reason: "compact integers are unsigned, got \(value)") }
        encodeCompact(UInt128(value))
    }

    /// Raw bytes without a length prefix (fixed arrays such as `[u8; 32]`, or pre-encoded data).
    public mutating func append<S: Sequence>(raw: S) where S.Element == UInt8 {
        bytes.append(contentsOf: raw)
    }

    /// `Vec<u8>` / `Bytes`: compact length then the bytes.
    public mutating func encodeBytes(_ value: [UInt8]) {
        encodeCompact(UInt128(value.count))
        bytes.append(contentsOf: value)
    }

    /// `String` (`str`): compact byte length then UTF-8.
    public mutating func encode(_ value: String) { encodeBytes(Array(value.utf8)) }

    /// `Vec<T>`: compact length then each element encoded by `element`.
    public mutating func encodeVector<T>(_ values: [T], element: (inout SCALEEncoder, T) throws(SCALEError) -> Void) throws(SCALEError) {
        encodeCompact(UInt128(values.count))
        for value in values { try element(&self, value) }
    }

    /// `Option<T>`: 0 for `None`, 1 then the value for `Some`.
    public mutating func encodeOptional<T>(_ value: T?, some: (inout SCALEEncoder, T) throws(SCALEError) -> Void) throws(SCALEError) {
        guard let value else { bytes.append(0); return }
        bytes.append(1)
        try some(&self, value)
    }

    /// An enum variant's index; its fields follow.
    public mutating func encodeVariant(_ index: UInt8) { bytes.append(index) }

    /// Any ``SCALEEncodable`` value (a `Vec`, an `Option`, a struct…).
    public mutating func encodeValue<T: SCALEEncodable>(_ value: T) throws(SCALEError) { try value.encode(to: &self) }
}

/// A type with a SCALE encoding.
public protocol SCALEEncodable {
    func encode(to encoder: inout SCALEEncoder) throws(SCALEError)
}

extension SCALEEncodable {
    /// This value's SCALE bytes.
    public func scaleEncoded() throws(SCALEError) -> [UInt8] {
        var encoder = SCALEEncoder()
        try encode(to: &encoder)
        return encoder.bytes
    }
}
