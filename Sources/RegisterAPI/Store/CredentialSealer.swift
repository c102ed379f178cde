import Crypto
import Foundation
import HexCoding

/// Seals the rentals' SSH passwords before a store writes them, so that a copied database file
/// (or a PostgreSQL backup) gives no one root in a renter's container. ChaCha20-Poly1305 with a
/// 256-bit key kept in a file of its own (mode 0600), never in the database: for SQLite the
/// file beside it (`api.sqlite.secret`), for PostgreSQL one that every instance sharing the
/// database must be given (`--db.secret-file`).
///
/// Rows written before sealing existed are read as they are (no prefix), and sealed the next
/// time they are written.
public struct CredentialSealer: Sendable {
    private let key: SymmetricKey

    /// What a sealed value starts with; the version names the cipher.
    static let prefix = "sealed:v1:"

    public init(key: SymmetricKey) { self.key = key }

    /// The key in `path`, made (32 random bytes, hex, mode 0600) when the file does not exist.
    /// A key file that others may read is refused: it would defeat the sealing.
    public init(keyFile path: String) throws(CredentialSealerError) {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        // O_EXCL: two instances starting at once on an empty folder agree on one key.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if descriptor >= 0 {
            let text = Array(SymmetricKey(size: .bits256).withUnsafeBytes { Hex.encode($0) }.utf8)
            let written = text.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            close(descriptor)
            guard written == text.count else {
                unlink(path)
                throw CredentialSealerError("\(path): cannot write the new credential key")
            }
        } else if errno != EEXIST {
            throw CredentialSealerError("\(path): cannot create the credential key (\(String(cString: strerror(errno))))")
        }
        var status = stat()
        guard stat(path, &status) == 0 else { throw CredentialSealerError("\(path): cannot read the credential key") }
        guard status.st_mode & 0o077 == 0 else {
            throw CredentialSealerError(
                "\(path): the credential key may be read by others (mode \(String(status.st_mode & 0o777, radix: 8))); chmod 600 it")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CredentialSealerError("\(path): cannot read the credential key")
        }
        let hex = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard hex.utf8.count == 64, let bytes = Hex.decode(hex) else {
            throw CredentialSealerError("\(path): the credential key must be 64 hex digits (a 256-bit key)")
        }
        self.key = SymmetricKey(data: bytes)
    }

    /// `plaintext` sealed under the key, as text a column can hold.
    public func seal(_ plaintext: String) -> String {
        // ChaChaPoly.seal throws only for a key of the wrong size, which init rules out.
        guard let box = try? ChaChaPoly.seal(Data(plaintext.utf8), using: key) else { return "" }
        return Self.prefix + box.combined.base64EncodedString()
    }

    /// The plaintext of a value ``seal(_:)`` made; an unsealed value (an older row) as it is.
    public func unseal(_ stored: String) throws(CredentialSealerError) -> String {
        guard stored.hasPrefix(Self.prefix) else { return stored }
        guard let combined = Data(base64Encoded: String(stored.dropFirst(Self.prefix.count))),
            let box = try? ChaChaPoly.SealedBox(combined: combined),
            let plaintext = try? ChaChaPoly.open(box, using: key)
        else {
            throw CredentialSealerError(
                "a sealed credential does not open with this instance's key (is --db.secret-file the one the other instances use?)")
        }
        return String(decoding: plaintext, as: UTF8.self)
    }
}

/// A credential key that cannot be used, or a sealed value that does not open.
public struct CredentialSealerError: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String
    init(_ description: String) { self.description = description }
}
