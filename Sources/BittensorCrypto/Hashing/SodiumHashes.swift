import CSodium

/// The hash functions libsodium provides that keys and addresses need.
enum SodiumHashes {
    static func sha256(_ data: [UInt8]) -> [UInt8] {
        Sodium.ensureInitialized()
        var out = [UInt8](repeating: 0, count: Int(crypto_hash_sha256_BYTES))
        crypto_hash_sha256(&out, data, UInt64(data.count))
        return out
    }

    static func sha512(_ data: [UInt8]) -> [UInt8] {
        Sodium.ensureInitialized()
        var out = [UInt8](repeating: 0, count: Int(crypto_hash_sha512_BYTES))
        crypto_hash_sha512(&out, data, UInt64(data.count))
        return out
    }

    /// BLAKE2b with an output of `outputLength` bytes (1…64) and no key.
    static func blake2b(_ data: [UInt8], outputLength: Int) -> [UInt8] {
        precondition((1...64).contains(outputLength), "BLAKE2b output length must be 1…64")
        Sodium.ensureInitialized()
        var out = [UInt8](repeating: 0, count: outputLength)
        crypto_generichash(&out, outputLength, data, UInt64(data.count), nil, 0)
        return out
    }

    /// PBKDF2-HMAC-SHA512 (RFC 8018) producing 64 bytes: one block, as substrate-bip39 needs.
    static func pbkdf2SHA512(password: [UInt8], salt: [UInt8], iterations: Int) -> [UInt8] {
        Sodium.ensureInitialized()
        var block = hmacSHA512(key: password, message: salt + [0, 0, 0, 1])
        var result = block
        for _ in 1..<iterations {
            block = hmacSHA512(key: password, message: block)
            for index in 0..<result.count { result[index] ^= block[index] }
        }
        return result
    }

    static func hmacSHA512(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var state = crypto_auth_hmacsha512_state()
        var out = [UInt8](repeating: 0, count: Int(crypto_auth_hmacsha512_BYTES))
        crypto_auth_hmacsha512_init(&state, key, key.count)
        crypto_auth_hmacsha512_update(&state, message, UInt64(message.count))
        crypto_auth_hmacsha512_final(&state, &out)
        return out
    }
}
