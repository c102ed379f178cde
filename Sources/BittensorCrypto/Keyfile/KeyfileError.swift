/// Why a keyfile could not be read, decrypted or written.
public enum KeyfileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file is not a JSON object; `reason` says where it breaks.
    case malformedJSON(path: String, reason: String)
    /// A field is present but unusable; `reason` names the rule.
    case invalidField(path: String, field: String, reason: String)
    /// None of `secretPhrase`, `secretSeed`, `privateKey`, `ss58Address` is present.
    case noKeyMaterial(path: String)
    /// The stored `ss58Address` is not the address of the stored secret.
    case addressMismatch(path: String, stored: String, derived: String)
    /// An old encryption format that only the Python tools can migrate.
    case legacyFormat(path: String, format: String)
    /// The password does not decrypt the file.
    case wrongPassword(path: String)
    /// An encrypted file that is too short or damaged.
    case corruptCiphertext(path: String)
    /// The file is encrypted and no password was given.
    case passwordRequired(path: String)
    /// A new password breaks the password rule.
    case weakPassword(String)
    case notFound(path: String)
    case alreadyExists(path: String)
    case io(path: String, reason: String)
    /// libsodium could not derive the key (Argon2i needs 512 MiB of memory).
    case keyDerivationFailed

    public var description: String {
        switch self {
        case let .malformedJSON(path, reason):
            "\(path): not a keyfile: \(reason)"
        case let .invalidField(path, field, reason):
            "\(path): field '\(field)': \(reason)"
        case let .noKeyMaterial(path):
            "\(path): keyfile has none of 'secretPhrase', 'secretSeed', 'privateKey' or 'ss58Address'"
        case let .addressMismatch(path, stored, derived):
            "\(path): 'ss58Address' is \(stored) but the secret in the file belongs to \(derived)"
        case let .legacyFormat(path, format):
            "\(path): encrypted in the legacy \(format) format, which nicompute does not read; "
                + "convert it to NaCl with `btcli wallet update` and try again"
        case let .wrongPassword(path):
            "\(path): wrong password (decryption failed); nothing was changed"
        case let .corruptCiphertext(path):
            "\(path): the encrypted keyfile is truncated or damaged"
        case let .passwordRequired(path):
            "\(path): is encrypted; give the password at the prompt or in the environment variable "
                + KeyfilePassword.environmentVariableName(forKeyfileAt: path)
        case let .weakPassword(rule):
            "password: \(rule)"
        case let .notFound(path):
            "\(path): does not exist"
        case let .alreadyExists(path):
            "\(path): already exists; pass --overwrite to replace it"
        case let .io(path, reason):
            "\(path): \(reason)"
        case .keyDerivationFailed:
            "password key derivation (Argon2i, 512 MiB) failed: not enough memory"
        }
    }
}
