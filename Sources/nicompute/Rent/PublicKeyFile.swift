import ArgumentParser
import Foundation
import HostPaths

/// An OpenSSH public key file's one line, checked for shape here; the miner checks it fully.
enum PublicKeyFile {
    static func read(_ path: String, flag: String) throws -> String {
        let text: String
        do { text = try String(contentsOfFile: HomeDirectory.expandingTilde(in: path), encoding: .utf8) } catch {
            throw ValidationError("\(flag) \(path): cannot be read (\(error.localizedDescription))")
        }
        let key = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !key.contains("\n"), key.hasPrefix("ssh-") || key.hasPrefix("ecdsa-"), !key.contains("PRIVATE KEY") else {
            throw ValidationError("\(flag) \(path): must be one public key line (the .pub file), e.g. ssh-ed25519 AAAA… you@host")
        }
        return key
    }
}
