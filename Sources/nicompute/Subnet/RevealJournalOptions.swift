import ArgumentParser
import Foundation
import HostPaths
import Subtensor

/// Where `set-weights` keeps the hash commits it makes on commit-reveal subnets, and where
/// `reveal-weights` finds them again: the chain holds only the hash, so without this file a
/// commit made by a command that has since exited could never be revealed.
struct RevealJournalOptions: ParsableArguments {
    @Option(
        name: .customLong("reveal-journal"),
        help: ArgumentHelp(
            "Where hash commits wait for their reveal epoch (default ~/.nicompute/reveals/<hotkey SS58>.json).",
            valueName: "path"))
    var path: String?

    /// The journal of `hotkey` (SS58), its folder made if missing; a damaged file is named.
    func journal(hotkey: String) throws -> RevealJournal {
        let path = self.path ?? HomeDirectory.nicompute("reveals/\(hotkey).json")
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CLIError("--reveal-journal: cannot make \(folder): \(error.localizedDescription)")
        }
        let journal = RevealJournal(path: path)
        do { try journal.check() } catch { throw CLIError("\(error)") }
        return journal
    }
}
