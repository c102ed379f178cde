/// Why SCALE bytes could not be decoded (or a value could not be encoded), naming the field,
/// the byte offset and the rule that was broken.
public enum SCALEError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Fewer bytes remain than the field needs.
    case truncated(field: String, offset: Int, needed: Int, remaining: Int)
    /// A declared length (of a vector, string or byte sequence) exceeds what remains, or cannot
    /// be a length on this platform.
    case lengthExceedsInput(field: String, offset: Int, declared: UInt128, remaining: Int)
    /// A `bool` byte other than 0 or 1.
    case invalidBool(field: String, offset: Int, byte: UInt8)
    /// An `Option` tag other than 0 or 1.
    case invalidOptionTag(field: String, offset: Int, byte: UInt8)
    /// A compact integer that is not in its shortest form, or that does not fit the target type.
    case invalidCompact(field: String, offset: Int, reason: String)
    /// An enum variant index that the type does not define.
    case unknownVariant(field: String, offset: Int, index: UInt8)
    /// A string that is not valid UTF-8.
    case invalidUTF8(field: String, offset: Int)
    /// Bytes left over after a value that should have consumed all of them.
    case trailingBytes(field: String, offset: Int, count: Int)
    /// A value that cannot be represented (e.g. a negative number as a compact).
    case unencodable(field: String, reason: String)

    public var description: String {
        switch self {
        case let .truncated(field, offset, needed, remaining):
            "SCALE \(field) at byte \(offset): needs \(needed) bytes, only \(remaining) remain"
        case let .lengthExceedsInput(field, offset, declared, remaining):
            "SCALE \(field) at byte \(offset): declared length \(declared) exceeds the \(remaining) bytes that remain"
        case let .invalidBool(field, offset, byte):
            "SCALE \(field) at byte \(offset): a bool must be 0 or 1, got \(byte)"
        case let .invalidOptionTag(field, offset, byte):
            "SCALE \(field) at byte \(offset): an Option tag must be 0 or 1, got \(byte)"
        case let .invalidCompact(field, offset, reason):
            "SCALE \(field) at byte \(offset): compact integer \(reason)"
        case let .unknownVariant(field, offset, index):
            "SCALE \(field) at byte \(offset): variant index \(index) is not defined"
        case let .invalidUTF8(field, offset):
            "SCALE \(field) at byte \(offset): string is not valid UTF-8"
        case let .trailingBytes(field, offset, count):
            "SCALE \(field): \(count) unexpected bytes left at byte \(offset)"
        case let .unencodable(field, reason):
            "SCALE \(field): cannot encode: \(reason)"
        }
    }
}
