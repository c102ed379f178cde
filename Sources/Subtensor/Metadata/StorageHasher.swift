import BittensorCrypto

/// How a storage map hashes a key (`frame_metadata::StorageHasher`, in metadata order).
public enum StorageHasher: UInt8, Sendable, Equatable {
    case blake2_128 = 0, blake2_256, blake2_128Concat, twox128, twox256, twox64Concat, identity

    /// The bytes this hasher puts into a storage key for the SCALE-encoded `key`.
    public func hash(_ key: [UInt8]) -> [UInt8] {
        switch self {
        case .blake2_128: Blake2b.hash(key, outputLength: 16)
        case .blake2_256: Blake2b.hash(key, outputLength: 32)
        case .blake2_128Concat: Blake2b.hash(key, outputLength: 16) + key
        case .twox128: TwoX.hash(key, outputLength: 16)
        case .twox256: TwoX.hash(key, outputLength: 32)
        case .twox64Concat: TwoX.hash(key, outputLength: 8) + key
        case .identity: key
        }
    }
}
