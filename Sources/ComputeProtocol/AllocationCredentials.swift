import Foundation
import _CryptoExtras

/// What a renter needs to log in, sealed to the renter's RSA key: the reference's
/// `{"username", "password", "port", "version"}` JSON, RSA-OAEP-SHA256 (MGF1-SHA256, no label)
/// encrypted and base64-encoded into `Allocate.output.info`.
public struct AllocationCredentials: Sendable, Equatable, Codable {
    public var username: String
    public var password: String
    public var port: Int
    public var version: Int

    public init(username: String = "root", password: String, port: Int, version: Int = ComputeVersion.asInt) {
        self.username = username
        self.password = password
        self.port = port
        self.version = version
    }

    /// The plaintext exactly as Python's `json.dumps(info)` writes it.
    public var pythonJSON: String {
        "{\"username\": \(Self.quoted(username)), \"password\": \(Self.quoted(password)), \"port\": \(port), \"version\": \(version)}"
    }

    /// Encrypts these credentials to `publicKeyPEM` (SubjectPublicKeyInfo or PKCS#1 PEM, at least
    /// 2048 bits) and returns the base64 text the reference sends.
    public func sealed(toPublicKeyPEM publicKeyPEM: String) throws(CredentialSealingError) -> String {
        let key: _RSA.Encryption.PublicKey
        do {
            key = try _RSA.Encryption.PublicKey(pemRepresentation: publicKeyPEM.trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            throw .invalidPublicKey("public_key: not an RSA public key in PEM of at least 2048 bits (\(error))")
        }
        do {
            let ciphertext = try key.encrypt(Data(pythonJSON.utf8), padding: .PKCS1_OAEP_SHA256)
            return ciphertext.base64EncodedString()
        } catch {
            throw .encryptionFailed(String(describing: error))
        }
    }

    /// Opens `info` with the renter's private key (PKCS#8 or PKCS#1 PEM): what validators and the
    /// Register API do with a miner's answer.
    public static func open(_ info: String, privateKeyPEM: String) throws(CredentialSealingError) -> AllocationCredentials {
        guard let ciphertext = Data(base64Encoded: info) else { throw .malformed("info: not base64") }
        let plaintext: Data
        do {
            let key = try _RSA.Encryption.PrivateKey(pemRepresentation: privateKeyPEM)
            plaintext = try key.decrypt(ciphertext, padding: .PKCS1_OAEP_SHA256)
        } catch {
            throw .malformed("info: does not decrypt with this key (\(error))")
        }
        do {
            return try JSONDecoder().decode(AllocationCredentials.self, from: plaintext)
        } catch {
            throw .malformed("info: decrypted text is not the credentials JSON (\(error))")
        }
    }

    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value > 0x7E:
                // Python's ensure_ascii: \uXXXX, with surrogate pairs above the BMP.
                for unit in String(scalar).utf16 { out += String(format: "\\u%04x", unit) }
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// Why credentials could not be sealed or opened.
public enum CredentialSealingError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidPublicKey(String)
    case encryptionFailed(String)
    case malformed(String)

    public var description: String {
        switch self {
        case let .invalidPublicKey(reason), let .encryptionFailed(reason), let .malformed(reason): reason
        }
    }
}
