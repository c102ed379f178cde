import Foundation
import _CryptoExtras

/// What a renter needs to log in, sealed to the renter's RSA key: v2.2's
/// `{"username", "password", "port", "external_user_ports", "version"}` JSON, RSA-OAEP-SHA256
/// (MGF1-SHA256, no label) encrypted and base64-encoded into `Allocate.output.info`. Miners
/// before v2.2 leave out `external_user_ports`; it is read as none.
public struct AllocationCredentials: Sendable, Equatable {
    public var username: String
    public var password: String
    public var port: Int
    /// The rental's user ports (v2.2), ordered by internal port.
    public var externalUserPorts: [UserPort]
    public var version: Int

    /// The most user ports an answer may list; v2.2 miners send four.
    public static let maximumUserPorts = 16

    public init(
        username: String = "root", password: String, port: Int, externalUserPorts: [UserPort] = [],
        version: Int = ComputeVersion.asInt
    ) {
        self.username = username
        self.password = password
        self.port = port
        self.externalUserPorts = externalUserPorts
        self.version = version
    }

    /// The plaintext exactly as Python's `json.dumps(info)` writes it (v2.2's key order).
    public var pythonJSON: String {
        let ports = externalUserPorts.map { "\"\($0.internalPort)\": \($0.externalPort)" }.joined(separator: ", ")
        return "{\"username\": \(Self.quoted(username)), \"password\": \(Self.quoted(password)), \"port\": \(port), "
            + "\"external_user_ports\": {\(ports)}, \"version\": \(version)}"
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
        let wire: Wire
        do {
            wire = try JSONDecoder().decode(Wire.self, from: plaintext)
        } catch {
            throw .malformed("info: decrypted text is not the credentials JSON (\(error))")
        }
        return try wire.checked()
    }

    /// The JSON as it arrives: a miner's, so every port is checked before it is used.
    private struct Wire: Decodable {
        var username: String
        var password: String
        var port: Int
        var external_user_ports: [String: Int]?
        var version: Int

        func checked() throws(CredentialSealingError) -> AllocationCredentials {
            let ports = external_user_ports ?? [:]
            guard (1...65_535).contains(port) else { throw .malformed("info.port: \(port) is not a TCP port (1-65535)") }
            guard ports.count <= AllocationCredentials.maximumUserPorts else {
                throw .malformed("info.external_user_ports: \(ports.count) ports, at most \(AllocationCredentials.maximumUserPorts)")
            }
            var userPorts = [UserPort]()
            for (key, external) in ports {
                guard key.utf8.count <= 5, let inside = Int(key), (1...65_535).contains(inside) else {
                    throw .malformed("info.external_user_ports: key \"\(key.prefix(20))\" is not a TCP port (1-65535)")
                }
                guard (1...65_535).contains(external) else {
                    throw .malformed("info.external_user_ports[\(inside)]: \(external) is not a TCP port (1-65535)")
                }
                userPorts.append(UserPort(internalPort: inside, externalPort: external))
            }
            return AllocationCredentials(
                username: username, password: password, port: port, externalUserPorts: userPorts.sorted(),
                version: version)
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
