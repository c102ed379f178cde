import SCALE

/// A chain's runtime metadata, version 15: its type registry, pallets (calls, storage,
/// constants), extrinsic format and runtime APIs. Call indices and storage hashers are looked
/// up here by name rather than hard-coded, so a runtime upgrade that moves them is followed,
/// and one that changes their shape is refused.
public struct RuntimeMetadata: Sendable {
    /// Types by id.
    public let types: [UInt32: PortableType]
    /// Pallets in metadata order.
    public let pallets: [Pallet]
    /// How extrinsics are built: version, address and signature types, signed extensions.
    public let extrinsic: ExtrinsicFormat
    /// Runtime APIs callable through `state_call`.
    public let apis: [RuntimeAPI]

    /// A pallet and what it declares.
    public struct Pallet: Sendable {
        public var name: String
        public var index: UInt8
        /// The enum type of its calls, if it has any.
        public var callType: UInt32?
        public var storagePrefix: String?
        public var storage: [StorageEntry]
        public var constants: [Constant]
        /// The enum type of its errors, if it declares any.
        public var errorType: UInt32?
    }

    /// A storage item.
    public struct StorageEntry: Sendable {
        public var name: String
        /// Whether a missing value reads as `default` (true) or as absent (false).
        public var hasDefault: Bool
        public var hashers: [StorageHasher]
        /// Key types, one per hasher (a tuple key is split into its members).
        public var keyTypes: [UInt32]
        public var valueType: UInt32
        public var defaultValue: [UInt8]
    }

    /// A pallet constant and its SCALE value.
    public struct Constant: Sendable {
        public var name: String
        public var type: UInt32
        public var value: [UInt8]
    }

    /// The extrinsic format: version and signed extensions in order.
    public struct ExtrinsicFormat: Sendable {
        public var version: UInt8
        public var addressType: UInt32
        public var callType: UInt32
        public var signatureType: UInt32
        public var signedExtensions: [SignedExtension]
    }

    /// A signed extension: `type` travels in the extrinsic, `additionalSigned` is only signed.
    public struct SignedExtension: Sendable {
        public var identifier: String
        public var type: UInt32
        public var additionalSigned: UInt32
    }

    /// A runtime API and its methods.
    public struct RuntimeAPI: Sendable {
        public var name: String
        public var methods: [Method]

        /// A method: `state_call("<Api>_<method>", SCALE(inputs…))` returns its output type.
        public struct Method: Sendable {
            public var name: String
            public var inputs: [(name: String, type: UInt32)]
            public var output: UInt32
        }
    }

    /// Reads metadata bytes: either bare (`meta`, version, body) or wrapped in the
    /// `Option<Vec<u8>>` that `Metadata_metadata_at_version` returns.
    public init(bytes: [UInt8]) throws(MetadataError) {
        var decoder = SCALEDecoder(bytes)
        do {
            if bytes.count > 4, bytes[0] == 1, bytes[0..<4] != [0x6d, 0x65, 0x74, 0x61] {
                guard
                    let inner = try decoder.decodeOptional(
                        field: "metadata option",
                        some: { (d: inout SCALEDecoder) throws(SCALEError) in
                            try d.decodeBytes(field: "metadata bytes")
                        })
                else { throw MetadataError.unsupportedVersion(15) }
                try decoder.expectEnd("metadata option")
                decoder = SCALEDecoder(inner)
            }
            let magic: UInt32 = try decoder.decode(field: "magic")
            guard magic == 0x6174_656d else { throw MetadataError.badMagic(magic) }
            let version: UInt8 = try decoder.decode(field: "version")
            guard version == 15 else { throw MetadataError.unsupportedVersion(version) }
            (types, pallets, extrinsic, apis) = try Self.readV15(&decoder)
        } catch let error as MetadataError {
            throw error
        } catch let error as SCALEError {
            throw .malformed(error)
        } catch {
            throw .malformed(.unencodable(field: "metadata", reason: "\(error)"))
        }
    }

    private static func readV15(_ decoder: inout SCALEDecoder) throws(SCALEError)
        -> ([UInt32: PortableType], [Pallet], ExtrinsicFormat, [RuntimeAPI])
    {
        let typeList = try decoder.decodeVector(field: "types") { (d: inout SCALEDecoder) throws(SCALEError) in try PortableType(from: &d) }
        var types: [UInt32: PortableType] = [:]
        for type in typeList { types[type.id] = type }
        let pallets = try decoder.decodeVector(field: "pallets") { (d: inout SCALEDecoder) throws(SCALEError) in
            try readPallet(&d, types: types)
        }
        let extrinsic = try readExtrinsic(&decoder)
        _ = try decoder.decodeCompact(UInt32.self, field: "runtime type")
        let apis = try decoder.decodeVector(field: "apis") { (d: inout SCALEDecoder) throws(SCALEError) in try readAPI(&d) }
        // outer_enums (three type ids) and custom metadata follow; nothing here needs them.
        return (types, pallets, extrinsic, apis)
    }

    private static func readPallet(_ d: inout SCALEDecoder, types: [UInt32: PortableType]) throws(SCALEError) -> Pallet {
        let name = try d.decodeString(field: "pallet.name")
        var prefix: String?
        var entries: [StorageEntry] = []
        let storage = try d.decodeOptional(field: "pallet.storage") { (s: inout SCALEDecoder) throws(SCALEError) in
            let prefix = try s.decodeString(field: "storage.prefix")
            let entries = try s.decodeVector(field: "storage.entries") { (e: inout SCALEDecoder) throws(SCALEError) in
                try readStorageEntry(&e, types: types)
            }
            return (prefix, entries)
        }
        if let storage { (prefix, entries) = storage }
        let callType = try d.decodeOptional(field: "pallet.calls") { (c: inout SCALEDecoder) throws(SCALEError) in
            try c.decodeCompact(UInt32.self)
        }
        _ = try d.decodeOptional(field: "pallet.event") { (c: inout SCALEDecoder) throws(SCALEError) in try c.decodeCompact(UInt32.self) }
        let constants = try d.decodeVector(field: "pallet.constants") { (c: inout SCALEDecoder) throws(SCALEError) in
            let name = try c.decodeString(field: "constant.name")
            let type = try c.decodeCompact(UInt32.self, field: "constant.type")
            let value = try c.decodeBytes(field: "constant.value")
            try PortableType.skipDocs(&c, field: "constant.docs")
            return Constant(name: name, type: type, value: value)
        }
        let errorType = try d.decodeOptional(field: "pallet.error") { (c: inout SCALEDecoder) throws(SCALEError) in
            try c.decodeCompact(UInt32.self)
        }
        let index: UInt8 = try d.decode(field: "pallet.index")
        try PortableType.skipDocs(&d, field: "pallet.docs")
        return Pallet(
            name: name, index: index, callType: callType, storagePrefix: prefix, storage: entries, constants: constants,
            errorType: errorType)
    }

    private static func readStorageEntry(_ e: inout SCALEDecoder, types: [UInt32: PortableType]) throws(SCALEError) -> StorageEntry {
        let name = try e.decodeString(field: "storage.name")
        let modifier = try e.decodeVariant(field: "storage.modifier", known: 0...1)
        let kind = try e.decodeVariant(field: "storage.type", known: 0...1)
        var hashers: [StorageHasher] = []
        var keyTypes: [UInt32] = []
        let valueType: UInt32
        if kind == 0 {
            valueType = try e.decodeCompact(UInt32.self, field: "storage.plain")
        } else {
            hashers = try e.decodeVector(field: "storage.hashers") { (h: inout SCALEDecoder) throws(SCALEError) in
                let start = h.offset
                let raw = try h.decodeVariant(field: "storage.hasher", known: 0...6)
                guard let hasher = StorageHasher(rawValue: raw) else {
                    throw .unknownVariant(field: "storage.hasher", offset: start, index: raw)
                }
                return hasher
            }
            let key = try e.decodeCompact(UInt32.self, field: "storage.key")
            valueType = try e.decodeCompact(UInt32.self, field: "storage.value")
            // With several hashers the key type is a tuple of the individual keys.
            if hashers.count > 1, case let .tuple(members)? = types[key]?.definition, members.count == hashers.count {
                keyTypes = members
            } else {
                keyTypes = [key]
            }
        }
        let defaultValue = try e.decodeBytes(field: "storage.default")
        try PortableType.skipDocs(&e, field: "storage.docs")
        return StorageEntry(
            name: name, hasDefault: modifier == 1, hashers: hashers, keyTypes: keyTypes, valueType: valueType,
            defaultValue: defaultValue)
    }

    private static func readExtrinsic(_ d: inout SCALEDecoder) throws(SCALEError) -> ExtrinsicFormat {
        let version: UInt8 = try d.decode(field: "extrinsic.version")
        let address = try d.decodeCompact(UInt32.self, field: "extrinsic.address")
        let call = try d.decodeCompact(UInt32.self, field: "extrinsic.call")
        let signature = try d.decodeCompact(UInt32.self, field: "extrinsic.signature")
        _ = try d.decodeCompact(UInt32.self, field: "extrinsic.extra")
        let extensions = try d.decodeVector(field: "extrinsic.signedExtensions") { (s: inout SCALEDecoder) throws(SCALEError) in
            let identifier = try s.decodeString(field: "signedExtension.identifier")
            let type = try s.decodeCompact(UInt32.self, field: "signedExtension.type")
            let additional = try s.decodeCompact(UInt32.self, field: "signedExtension.additionalSigned")
            return SignedExtension(identifier: identifier, type: type, additionalSigned: additional)
        }
        return ExtrinsicFormat(
            version: version, addressType: address, callType: call, signatureType: signature, signedExtensions: extensions)
    }

    private static func readAPI(_ d: inout SCALEDecoder) throws(SCALEError) -> RuntimeAPI {
        let name = try d.decodeString(field: "api.name")
        let methods = try d.decodeVector(field: "api.methods") { (m: inout SCALEDecoder) throws(SCALEError) in
            let name = try m.decodeString(field: "api.method.name")
            let inputs = try m.decodeVector(field: "api.method.inputs") { (i: inout SCALEDecoder) throws(SCALEError) in
                (name: try i.decodeString(field: "api.input.name"), type: try i.decodeCompact(UInt32.self, field: "api.input.type"))
            }
            let output = try m.decodeCompact(UInt32.self, field: "api.method.output")
            try PortableType.skipDocs(&m, field: "api.method.docs")
            return RuntimeAPI.Method(name: name, inputs: inputs, output: output)
        }
        try PortableType.skipDocs(&d, field: "api.docs")
        return RuntimeAPI(name: name, methods: methods)
    }
}
