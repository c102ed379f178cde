/// A 32-byte schnorrkel mini secret key: the `secretSeed` of a Bittensor keyfile.
public struct MiniSecretKey: Sendable, Equatable {
    /// The 32 seed bytes.
    public let bytes: [UInt8]

    /// Wraps a 32-byte seed.
    public init(bytes: [UInt8]) throws(KeyError) {
        guard bytes.count == 32 else { throw .invalidLength(field: "secretSeed", expected: [32], actual: bytes.count) }
        self.bytes = bytes
    }

    init(validated bytes: [UInt8]) {
        precondition(bytes.count == 32)
        self.bytes = bytes
    }

    /// Expands the seed as schnorrkel's `ExpansionMode::Ed25519`, which sp-core uses:
    /// h = SHA-512(seed); the first half clamped as an Ed25519 scalar and divided by the
    /// cofactor 8 is the key; the second half is the signing nonce seed.
    public func expand() -> SecretKey {
        var hash = SodiumHashes.sha512(bytes)
        defer { Sodium.wipe(&hash) }
        var key = Array(hash[0..<32])
        key[0] &= 248
        key[31] &= 63
        key[31] |= 64
        // Dividing the little-endian integer by 8: shift right by three bits across bytes.
        var carry: UInt8 = 0
        for index in stride(from: 31, through: 0, by: -1) {
            let byte = key[index]
            key[index] = (byte >> 3) | carry
            carry = byte << 5
        }
        return SecretKey(key: Scalar25519.fromBelowOrder(key), nonce: Array(hash[32..<64]))
    }
}
