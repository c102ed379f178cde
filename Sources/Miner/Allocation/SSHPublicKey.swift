import Foundation

/// An OpenSSH public key line (`type base64 [comment]`), accepted only when it is exactly that:
/// no options, no second line, a blob that decodes and names the same key type. Keys go into
/// `authorized_keys`, so anything else could smuggle options or extra keys in.
public struct SSHPublicKey: Sendable, Equatable, CustomStringConvertible {
    public let type: String
    public let base64: String
    public let comment: String

    public static let acceptedTypes: Set = [
        "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
    ]

    /// Parses `line`; `field` names the request field in errors.
    public init(_ line: String, field: String) throws(AllocationRefusal) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.utf8.count <= 16_384 else { throw .invalidRequest("\(field): longer than 16 KiB") }
        guard trimmed.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) else {
            throw .invalidRequest("\(field): must be one line of printable ASCII (an OpenSSH public key)")
        }
        let parts = trimmed.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true).map(String.init)
        guard parts.count >= 2, Self.acceptedTypes.contains(parts[0]) else {
            throw .invalidRequest(
                "\(field): must start with a key type (\(Self.acceptedTypes.sorted().joined(separator: ", "))) and the base64 key; options are not allowed"
            )
        }
        guard let blob = Data(base64Encoded: parts[1]), blob.count >= 4 else {
            throw .invalidRequest("\(field): the key is not valid base64")
        }
        let nameLength = blob.prefix(4).reduce(0) { $0 << 8 | Int($1) }
        guard blob.count >= 4 + nameLength, String(decoding: blob.dropFirst(4).prefix(nameLength), as: UTF8.self) == parts[0] else {
            throw .invalidRequest("\(field): the key's content is not a \(parts[0]) key")
        }
        let comment = parts.count > 2 ? parts[2] : ""
        guard !comment.contains("'"), !comment.contains("\""), !comment.contains("\\"), comment.count <= 256 else {
            throw .invalidRequest("\(field): the comment may not contain quotes or backslashes and is at most 256 characters")
        }
        type = parts[0]
        base64 = parts[1]
        self.comment = comment
    }

    /// The line as written to `authorized_keys`.
    public var description: String { comment.isEmpty ? "\(type) \(base64)" : "\(type) \(base64) \(comment)" }

    /// `nil` for the reference's "no key" spellings (empty, or Python's `None` rendered as text).
    public static func optional(_ line: String?, field: String) throws(AllocationRefusal) -> SSHPublicKey? {
        guard let line, !["", "None", "null"].contains(line.trimmingCharacters(in: .whitespaces)) else { return nil }
        return try SSHPublicKey(line, field: field)
    }
}
