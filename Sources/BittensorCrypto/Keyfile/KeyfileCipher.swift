import CSodium

/// The encryption of keyfiles: bittensor-wallet's NaCl format for reading and writing, and
/// recognition of the legacy formats it replaced.
///
/// NaCl format: `"$NACL" ‖ nonce(24) ‖ XSalsa20-Poly1305 secretbox (tag ‖ ciphertext)`, the key
/// being Argon2i v1.3 (ops 8, 512 MiB, the "sensitive" limits) of the password with a fixed
/// salt. The fixed salt is bittensor-wallet's choice and must be kept for compatibility.
public enum KeyfileCipher {
    /// How a keyfile's bytes are stored.
    public enum Format: Equatable, Sendable {
        case plaintext
        case nacl
        case ansibleVault
        case legacyFernet
    }

    static let naclPrefix = Array("$NACL".utf8)
    static let salt: [UInt8] = [0x13, 0x71, 0x83, 0xDF, 0xF1, 0x5A, 0x09, 0xBC, 0x9C, 0x90, 0xB5, 0x51, 0x87, 0x39, 0xE9, 0xB1]

    /// Recognises the storage format by its prefix, as bittensor-wallet does.
    public static func format(of data: [UInt8]) -> Format {
        if data.starts(with: naclPrefix) { return .nacl }
        if data.starts(with: Array("$ANSIBLE_VAULT".utf8)) { return .ansibleVault }
        if data.starts(with: Array("gAAAAA".utf8)) { return .legacyFernet }
        return .plaintext
    }

    /// Encrypts `plaintext` under `password` with a fresh random nonce.
    public static func encrypt(_ plaintext: [UInt8], password: String) throws(KeyfileError) -> [UInt8] {
        var key = try deriveKey(password: password)
        defer { Sodium.wipe(&key) }
        let nonce = Sodium.randomBytes(Int(crypto_secretbox_NONCEBYTES))
        var box = [UInt8](repeating: 0, count: plaintext.count + Int(crypto_secretbox_MACBYTES))
        crypto_secretbox_easy(&box, plaintext, UInt64(plaintext.count), nonce, key)
        return naclPrefix + nonce + box
    }

    /// Decrypts a `$NACL` keyfile; `path` only labels errors.
    public static func decrypt(_ data: [UInt8], password: String, path: String) throws(KeyfileError) -> [UInt8] {
        switch format(of: data) {
        case .nacl: break
        case .ansibleVault: throw .legacyFormat(path: path, format: "Ansible Vault")
        case .legacyFernet: throw .legacyFormat(path: path, format: "Fernet")
        case .plaintext: return data
        }
        let nonceEnd = naclPrefix.count + Int(crypto_secretbox_NONCEBYTES)
        guard data.count >= nonceEnd + Int(crypto_secretbox_MACBYTES) else { throw .corruptCiphertext(path: path) }
        let nonce = Array(data[naclPrefix.count..<nonceEnd])
        let box = Array(data[nonceEnd...])
        var key = try deriveKey(password: password)
        defer { Sodium.wipe(&key) }
        var plaintext = [UInt8](repeating: 0, count: box.count - Int(crypto_secretbox_MACBYTES))
        guard crypto_secretbox_open_easy(&plaintext, box, UInt64(box.count), nonce, key) == 0 else {
            throw .wrongPassword(path: path)
        }
        return plaintext
    }

    private static func deriveKey(password: String) throws(KeyfileError) -> [UInt8] {
        Sodium.ensureInitialized()
        var key = [UInt8](repeating: 0, count: Int(crypto_secretbox_KEYBYTES))
        let passwordChars = password.utf8.map { CChar(bitPattern: $0) }
        let status = crypto_pwhash(
            &key, UInt64(key.count), passwordChars, UInt64(passwordChars.count), salt,
            UInt64(crypto_pwhash_argon2i_OPSLIMIT_SENSITIVE), Int(crypto_pwhash_argon2i_MEMLIMIT_SENSITIVE),
            crypto_pwhash_ALG_ARGON2I13
        )
        guard status == 0 else { throw .keyDerivationFailed }
        return key
    }
}
