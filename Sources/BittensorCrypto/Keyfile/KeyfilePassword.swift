import Foundation

/// Passwords for encrypted keyfiles: bittensor-wallet's environment-variable rule and the
/// password policy for new keyfiles.
public enum KeyfilePassword {
    /// The minimum length of a new password (bittensor-wallet asks for at least 6 characters).
    public static let minimumLength = 6

    /// `BT_PW_` followed by the keyfile's absolute path with `/` and `.` replaced by `_`,
    /// upper-cased (bittensor-wallet `Keyfile.env_var_name`).
    public static func environmentVariableName(forKeyfileAt path: String) -> String {
        let mapped = path.map { $0 == "/" || $0 == "." ? "_" : $0 }
        return "BT_PW_" + String(mapped).uppercased()
    }

    /// The password stored for the keyfile at `path` in `environment`, if any.
    ///
    /// The variable holds base64(password XOR the variable's own name, repeated), as
    /// bittensor-wallet's `save_password_to_env` writes it: an obfuscation, not a protection.
    public static func fromEnvironment(
        forKeyfileAt path: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String? {
        let name = environmentVariableName(forKeyfileAt: path)
        guard let value = environment[name], let data = Data(base64Encoded: value) else { return nil }
        return String(decoding: xor(Array(data), with: Array(name.utf8)), as: UTF8.self)
    }

    /// The value to export as ``environmentVariableName(forKeyfileAt:)`` for `password`.
    public static func environmentValue(password: String, forKeyfileAt path: String) -> String {
        let name = Array(environmentVariableName(forKeyfileAt: path).utf8)
        return Data(xor(Array(password.utf8), with: name)).base64EncodedString()
    }

    /// Checks a new password against the policy; the error names the rule.
    public static func validateNew(_ password: String) throws(KeyfileError) {
        guard password.count >= minimumLength else {
            throw .weakPassword("must be at least \(minimumLength) characters long")
        }
    }

    private static func xor(_ data: [UInt8], with key: [UInt8]) -> [UInt8] {
        data.enumerated().map { $0.element ^ key[$0.offset % key.count] }
    }
}
