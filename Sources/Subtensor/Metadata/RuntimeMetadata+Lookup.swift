// Lookups by name: call indices, storage entries, runtime API methods, constants.

extension RuntimeMetadata {
    /// The type with `id`, or an error naming what needed it.
    public func type(_ id: UInt32, context: String) throws(MetadataError) -> PortableType {
        guard let type = types[id] else { throw .unknownType(id: id, context: context) }
        return type
    }

    /// The pallet named `name`.
    public func pallet(_ name: String) throws(MetadataError) -> Pallet {
        guard let pallet = pallets.first(where: { $0.name == name }) else { throw .unknownPallet(name) }
        return pallet
    }

    /// The pallet index, the call's variant (index and argument fields) of `pallet.call`.
    public func call(pallet palletName: String, call callName: String) throws(MetadataError) -> (palletIndex: UInt8, variant: TypeVariant) {
        let pallet = try pallet(palletName)
        guard let callType = pallet.callType else { throw .unknownCall(pallet: palletName, call: callName) }
        guard case let .variant(variants) = try type(callType, context: "\(palletName) calls").definition,
            let variant = variants.first(where: { $0.name == callName })
        else { throw .unknownCall(pallet: palletName, call: callName) }
        return (pallet.index, variant)
    }

    /// The storage prefix of `pallet` and its entry `item` (hashers, key and value types, default).
    public func storage(pallet palletName: String, item: String) throws(MetadataError) -> (prefix: String, entry: StorageEntry) {
        let pallet = try pallet(palletName)
        guard let prefix = pallet.storagePrefix, let entry = pallet.storage.first(where: { $0.name == item }) else {
            throw .unknownStorage(pallet: palletName, item: item)
        }
        return (prefix, entry)
    }

    /// The method `method` of runtime API `api` (its input and output types).
    public func runtimeAPI(_ api: String, method: String) throws(MetadataError) -> RuntimeAPI.Method {
        guard let found = apis.first(where: { $0.name == api })?.methods.first(where: { $0.name == method }) else {
            throw .unknownRuntimeAPI(api: api, method: method)
        }
        return found
    }

    /// The constant `name` of `pallet`, with its SCALE value.
    public func constant(pallet palletName: String, name: String) throws(MetadataError) -> Constant {
        guard let constant = try pallet(palletName).constants.first(where: { $0.name == name }) else {
            throw .unknownConstant(pallet: palletName, name: name)
        }
        return constant
    }

    /// A short description of a type's wire shape, looking through single-field wrappers
    /// (`NetUid(u16)` is `u16`): `u16`, `Vec<u16>`, `[u8; 32]`, `Compact<u64>`, `(u16, bool)`…
    /// Used to check that a call's arguments still have the shapes this client encodes.
    public func shape(of id: UInt32, depth: Int = 0) throws(MetadataError) -> String {
        guard depth < 32 else { throw .typeTooDeep(id: id) }
        let type = try type(id, context: "shape")
        switch type.definition {
        case let .primitive(primitive): return "\(primitive)"
        case let .compact(inner): return "Compact<\(try shape(of: inner, depth: depth + 1))>"
        case let .sequence(inner): return "Vec<\(try shape(of: inner, depth: depth + 1))>"
        case let .array(length, inner): return "[\(try shape(of: inner, depth: depth + 1)); \(length)]"
        case let .tuple(members):
            var parts: [String] = []
            for member in members { parts.append(try shape(of: member, depth: depth + 1)) }
            return "(\(parts.joined(separator: ", ")))"
        case let .composite(fields):
            if fields.count == 1 { return try shape(of: fields[0].type, depth: depth + 1) }
            var parts: [String] = []
            for field in fields { parts.append(try shape(of: field.type, depth: depth + 1)) }
            return "{\(parts.joined(separator: ", "))}"
        case .variant: return type.path.last ?? "enum"
        case .bitSequence: return "BitVec"
        }
    }
}
