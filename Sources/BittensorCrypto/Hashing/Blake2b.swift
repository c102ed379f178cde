/// BLAKE2b (RFC 7693) without a key, as the chain uses it: 16-byte storage-key hashes,
/// 32-byte extrinsic and commit hashes.
public enum Blake2b {
    /// The BLAKE2b digest of `data` with an output of `outputLength` bytes (1…64).
    public static func hash(_ data: [UInt8], outputLength: Int) -> [UInt8] {
        SodiumHashes.blake2b(data, outputLength: outputLength)
    }
}
