import SCALE

/// Why runtime metadata could not be read or does not have what a caller needs.
public enum MetadataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes do not start with the `meta` magic number.
    case badMagic(UInt32)
    /// A metadata version this client does not read (only V15 is).
    case unsupportedVersion(UInt8)
    /// The metadata bytes are malformed.
    case malformed(SCALEError)
    /// A type id that the registry does not define.
    case unknownType(id: UInt32, context: String)
    /// A type nested too deeply to be real metadata (a guard against cyclic registries).
    case typeTooDeep(id: UInt32)
    case unknownPallet(String)
    case unknownCall(pallet: String, call: String)
    case unknownStorage(pallet: String, item: String)
    case unknownRuntimeAPI(api: String, method: String)
    case unknownConstant(pallet: String, name: String)
    /// A call, storage entry or runtime API exists but its shape is not the one this client encodes.
    case shapeMismatch(context: String, expected: String, found: String)
    /// A storage key was built with the wrong number of keys.
    case storageKeyCount(item: String, expected: Int, actual: Int)
    /// A signed extension with data that this client does not know how to fill in.
    case unknownSignedExtension(String)

    public var description: String {
        switch self {
        case let .badMagic(magic): "metadata: expected the magic number 0x6174656d (\"meta\"), got 0x\(String(magic, radix: 16))"
        case let .unsupportedVersion(version): "metadata: version \(version) is not supported (this client reads V15 only)"
        case let .malformed(error): "metadata: \(error)"
        case let .unknownType(id, context): "metadata: type id \(id) (\(context)) is not in the registry"
        case let .typeTooDeep(id): "metadata: type \(id) nests too deeply"
        case let .unknownPallet(name): "metadata: no pallet \(name)"
        case let .unknownCall(pallet, call): "metadata: pallet \(pallet) has no call \(call)"
        case let .unknownStorage(pallet, item): "metadata: pallet \(pallet) has no storage item \(item)"
        case let .unknownRuntimeAPI(api, method): "metadata: no runtime API \(api)_\(method)"
        case let .unknownConstant(pallet, name): "metadata: pallet \(pallet) has no constant \(name)"
        case let .shapeMismatch(context, expected, found):
            "metadata: \(context) is \(found) on this chain, but this client encodes \(expected); refusing to continue"
        case let .storageKeyCount(item, expected, actual): "storage \(item): needs \(expected) keys, got \(actual)"
        case let .unknownSignedExtension(name):
            "metadata: signed extension \(name) carries data this client cannot fill in; refusing to sign"
        }
    }
}
