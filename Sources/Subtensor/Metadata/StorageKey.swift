/// Builds storage keys from metadata: `twox128(prefix) ‖ twox128(item) ‖ hasher(key)…`.
extension RuntimeMetadata {
    /// The key of `pallet.item` for the SCALE-encoded `keys` (one per hasher; none for a value).
    public func storageKey(pallet: String, item: String, keys: [[UInt8]] = []) throws(MetadataError) -> [UInt8] {
        let (prefix, entry) = try storage(pallet: pallet, item: item)
        guard keys.count == entry.hashers.count else {
            throw .storageKeyCount(item: "\(pallet).\(item)", expected: entry.hashers.count, actual: keys.count)
        }
        var key = TwoX.hash(Array(prefix.utf8), outputLength: 16) + TwoX.hash(Array(item.utf8), outputLength: 16)
        for (hasher, part) in zip(entry.hashers, keys) { key += hasher.hash(part) }
        return key
    }
}
