import Foundation

/// Hash commits waiting for their reveal, kept in a file, so that a validator restarted between a
/// commit and its reveal epoch still reveals. The chain keeps only the hash: without the values
/// and the salt a commit can never be revealed, and that epoch's weights are lost.
///
/// The file is JSON, replaced whole (written beside it, then renamed, so a crash leaves the old
/// or the new journal, never half of one) and readable by its owner only: a salt read before its
/// reveal epoch lets anyone test guesses of the weights against the committed hash.
public struct RevealJournal: Sendable {
    /// The journal's file.
    public let path: String

    /// The format written; a file from a later format is refused rather than misread.
    static let version = 1

    private struct Contents: Codable {
        var version: Int
        var reveals: [PendingReveal]
    }

    public init(path: String) { self.path = path }

    /// Checks that the journal can be read (an absent one is empty), so that a damaged file stops
    /// a validator at start-up, by name, instead of failing every weight setting later.
    public func check() throws(RevealJournalError) { _ = try load() }

    /// The commits recorded; none when the file does not exist.
    func load() throws(RevealJournalError) -> [PendingReveal] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        let contents: Contents
        do { contents = try JSONDecoder().decode(Contents.self, from: data) } catch {
            throw .malformed(path: path, reason: "not a reveal journal (\(error))")
        }
        guard contents.version == Self.version else {
            throw .malformed(path: path, reason: "format version \(contents.version); this build reads version \(Self.version)")
        }
        return contents.reveals
    }

    /// Replaces the journal with `reveals`.
    func save(_ reveals: [PendingReveal]) throws(RevealJournalError) {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).\(UInt32.random(in: 0...UInt32.max))")
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let data = try encoder.encode(Contents(version: Self.version, reveals: reveals))
            guard FileManager.default.createFile(atPath: temporary.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteUnknown)
            }
            guard rename(temporary.path, url.path) == 0 else {
                throw RevealJournalError.unwritable(path: path, reason: String(cString: strerror(errno)))
            }
        } catch let error as RevealJournalError {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .unwritable(path: path, reason: error.localizedDescription)
        }
    }
}

/// Why the reveal journal could not be used, naming its file.
public enum RevealJournalError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case malformed(path: String, reason: String)
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): "reveal journal \(path): cannot be read: \(reason)"
        case let .malformed(path, reason):
            "reveal journal \(path): \(reason); move it away to start without the commits it holds (they cannot be revealed then)"
        case let .unwritable(path, reason): "reveal journal \(path): cannot be written: \(reason)"
        }
    }
}
