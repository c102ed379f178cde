/// Reads SCALE bytes, checking every fixed size and every declared length against the bytes
/// that remain before trusting it: truncated or hostile input fails with a ``SCALEError``
/// naming the field and offset, and never allocates according to an unchecked length.
public struct SCALEDecoder: Sendable {
    private let input: [UInt8]
    /// The offset of the next byte to read.
    public private(set) var offset: Int

    /// A decoder reading `bytes` from the start.
    public init(_ bytes: [UInt8]) {
        input = bytes
        offset = 0
    }

    /// Bytes not yet read.
    public var remaining: Int { input.count - offset }
    /// Whether every byte was read.
    public var isAtEnd: Bool { offset == input.count }

    /// Fails unless every byte was read (`field` names the value that should have consumed them).
    public func expectEnd(_ field: String = "value") throws(SCALEError) {
        guard isAtEnd else { throw .trailingBytes(field: field, offset: offset, count: remaining) }
    }

    /// The next `count` raw bytes (a fixed array such as `[u8; 32]`).
    public mutating func readBytes(_ count: Int, field: String = "bytes") throws(SCALEError) -> [UInt8] {
        guard count >= 0, count <= remaining else {
            throw .truncated(field: field, offset: offset, needed: count, remaining: remaining)
        }
        let slice = Array(input[offset..<(offset + count)])
        offset += count
        return slice
    }

    /// The next byte, without consuming it.
    public func peekByte(field: String = "byte") throws(SCALEError) -> UInt8 {
        guard remaining >= 1 else { throw .truncated(field: field, offset: offset, needed: 1, remaining: 0) }
        return input[offset]
    }

    /// A fixed-width little-endian integer.
    public mutating func decode<T: FixedWidthInteger>(_ type: T.Type = T.self, field: String = "\(T.self)") throws(SCALEError) -> T {
        let size = T.bitWidth / 8
        guard size <= remaining else { throw .truncated(field: field, offset: offset, needed: size, remaining: remaining) }
        var value: T = 0
        for index in 0..<size {
            value |= T(truncatingIfNeeded: input[offset + index]) << (8 * index)
        }
        offset += size
        return value
    }

    /// `bool`: exactly 0 or 1.
    public mutating func decodeBool(field: String = "bool") throws(SCALEError) -> Bool {
        let start = offset
        let byte: UInt8 = try decode(field: field)
        switch byte {
        case 0: return false
        case 1: return true
        default: throw .invalidBool(field: field, offset: start, byte: byte)
        }
    }

    /// A compact unsigned integer (up to `u128`), which must be in its shortest form as the
    /// reference codec (parity-scale-codec) requires.
    public mutating func decodeCompact(field: String = "compact") throws(SCALEError) -> UInt128 {
        let start = offset
        let first = try peekByte(field: field)
        switch first & 0b11 {
        case 0b00:
            offset += 1
            return UInt128(first >> 2)
        case 0b01:
            let raw: UInt16 = try decode(field: field)
            let value = UInt128(raw >> 2)
            guard value >= 1 << 6 else {
                throw .invalidCompact(field: field, offset: start, reason: "\(value) is not in its shortest form")
            }
            return value
        case 0b10:
            let raw: UInt32 = try decode(field: field)
            let value = UInt128(raw >> 2)
            guard value >= 1 << 14 else {
                throw .invalidCompact(field: field, offset: start, reason: "\(value) is not in its shortest form")
            }
            return value
        default:
            let count = Int(first >> 2) + 4
            guard count <= 16 else {
                throw .invalidCompact(field: field, offset: start, reason: "of \(count) bytes exceeds u128")
            }
            offset += 1
            let body = try readBytes(count, field: field)
            var value: UInt128 = 0
            for (index, byte) in body.enumerated() { value |= UInt128(byte) << (8 * index) }
            guard body.last != 0, value >= 1 << 30 else {
                offset = start
                throw .invalidCompact(field: field, offset: start, reason: "\(value) is not in its shortest form")
            }
            return value
        }
    }

    /// A compact integer that must fit `T` (e.g. `Compact<u16>`).
    public mutating func decodeCompact<T: UnsignedInteger & FixedWidthInteger>(_ type: T.Type, field: String = "compact") throws(SCALEError)
        -> T
    {
        let start = offset
        let value = try decodeCompact(field: field)
        guard let narrowed = T(exactly: value) else {
            throw .invalidCompact(field: field, offset: start, reason: "\(value) does not fit \(T.self)")
        }
        return narrowed
    }

    /// A compact length (of a vector, string or byte sequence) checked against the bytes that
    /// remain: every element needs at least `minimumElementSize` bytes.
    public mutating func decodeLength(field: String, minimumElementSize: Int = 1) throws(SCALEError) -> Int {
        let start = offset
        let declared = try decodeCompact(field: field)
        let floor = UInt128(max(minimumElementSize, 0))
        // A zero-sized element type cannot be bounded by the input; cap it instead.
        let limit = floor == 0 ? UInt128(1 << 24) : UInt128(remaining) / floor
        guard declared <= limit, let length = Int(exactly: declared) else {
            throw .lengthExceedsInput(field: field, offset: start, declared: declared, remaining: remaining)
        }
        return length
    }

    /// `Vec<u8>` / `Bytes`.
    public mutating func decodeBytes(field: String = "bytes") throws(SCALEError) -> [UInt8] {
        let length = try decodeLength(field: field)
        return try readBytes(length, field: field)
    }

    /// `String` (`str`): valid UTF-8 only.
    public mutating func decodeString(field: String = "string") throws(SCALEError) -> String {
        let start = offset
        let raw = try decodeBytes(field: field)
        guard let text = String(validating: raw, as: UTF8.self) else { throw .invalidUTF8(field: field, offset: start) }
        return text
    }

    /// `Vec<T>` whose elements each take at least `minimumElementSize` bytes.
    public mutating func decodeVector<T>(
        field: String, minimumElementSize: Int = 1,
        element: (inout SCALEDecoder) throws(SCALEError) -> T
    ) throws(SCALEError) -> [T] {
        let count = try decodeLength(field: field, minimumElementSize: minimumElementSize)
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try element(&self)) }
        return values
    }

    /// `Option<T>`: tag 0 (`None`) or 1 then the value.
    public mutating func decodeOptional<T>(field: String, some: (inout SCALEDecoder) throws(SCALEError) -> T) throws(SCALEError) -> T? {
        let start = offset
        let tag: UInt8 = try decode(field: field)
        switch tag {
        case 0: return nil
        case 1: return try some(&self)
        default: throw .invalidOptionTag(field: field, offset: start, byte: tag)
        }
    }

    /// An enum variant index, which must be one of `known`.
    public mutating func decodeVariant(field: String, known: some Collection<UInt8>) throws(SCALEError) -> UInt8 {
        let start = offset
        let index: UInt8 = try decode(field: field)
        guard known.contains(index) else { throw .unknownVariant(field: field, offset: start, index: index) }
        return index
    }

    /// Any ``SCALEDecodable`` value.
    public mutating func decodeValue<T: SCALEDecodable>(_ type: T.Type = T.self) throws(SCALEError) -> T { try T(from: &self) }
}

/// A type with a SCALE decoding.
public protocol SCALEDecodable {
    init(from decoder: inout SCALEDecoder) throws(SCALEError)
}

extension SCALEDecodable {
    /// Decodes exactly `bytes`: leftover bytes are an error.
    public init(scaleBytes bytes: [UInt8]) throws(SCALEError) {
        var decoder = SCALEDecoder(bytes)
        self = try Self(from: &decoder)
        try decoder.expectEnd("\(Self.self)")
    }
}
