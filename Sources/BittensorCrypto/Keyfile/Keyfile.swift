/// One keyfile on disk: a keypair as JSON, in plaintext or NaCl-encrypted.
public struct Keyfile: Sendable, Equatable {
    /// The absolute path of the file.
    public let path: String

    public init(path: String) {
        self.path = path
    }

    public var exists: Bool { SecureFile.exists(path) }

    /// The environment variable bittensor-wallet reads this keyfile's password from.
    public var passwordEnvironmentVariable: String {
        KeyfilePassword.environmentVariableName(forKeyfileAt: path)
    }

    /// How the file is stored.
    public func format() throws(KeyfileError) -> KeyfileCipher.Format {
        KeyfileCipher.format(of: try SecureFile.read(path))
    }

    /// Loads the keypair. For an encrypted file the password comes from the environment
    /// variable when set, else from `password`, which is asked only then (for a prompt).
    public func keypair(password: () throws -> String? = { nil }) throws -> Keypair {
        let data = try SecureFile.read(path)
        switch KeyfileCipher.format(of: data) {
        case .plaintext:
            return try KeyfileContents.decode(data, path: path)
        case .ansibleVault:
            throw KeyfileError.legacyFormat(path: path, format: "Ansible Vault")
        case .legacyFernet:
            throw KeyfileError.legacyFormat(path: path, format: "Fernet")
        case .nacl:
            guard let secret = try KeyfilePassword.fromEnvironment(forKeyfileAt: path) ?? password() else {
                throw KeyfileError.passwordRequired(path: path)
            }
            let plaintext = try KeyfileCipher.decrypt(data, password: secret, path: path)
            return try KeyfileContents.decode(plaintext, path: path)
        }
    }

    /// The bytes this keyfile would hold for `keypair`: encrypted when `password` is given.
    public static func contents(of keypair: Keypair, publicOnly: Bool = false, password: String?) throws(KeyfileError) -> [UInt8] {
        let json = KeyfileContents.encode(keypair, publicOnly: publicOnly)
        guard let password else { return json }
        return try KeyfileCipher.encrypt(json, password: password)
    }
}
