#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The user's home directory, found one way everywhere: `$HOME` when it is set, as shells and
/// Python's `os.path.expanduser` (and so `btcli` and bittensor-wallet) do, else the password
/// database.
///
/// Foundation's `NSHomeDirectory()` and `expandingTildeInPath` read the password database and
/// ignore `$HOME`, while other parts read `$HOME`: with `HOME` set elsewhere (CI, `sudo`, a test
/// harness) one process wrote the devnet under one home and the next looked for it under the
/// other. Every default path under `~` goes through this type.
public enum HomeDirectory {
    /// `$HOME` if set and not empty, else the password database's entry for this user, else `/`.
    public static var path: String {
        if let home = getenv("HOME"), home.pointee != 0 { return String(cString: home) }
        if let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir, directory.pointee != 0 {
            return String(cString: directory)
        }
        return "/"
    }

    /// `path` with a leading `~` or `~/` replaced by ``path``; `~name/…` by that user's home
    /// (unchanged when there is no such user); any other path unchanged.
    public static func expandingTilde(in path: String) -> String {
        guard path.hasPrefix("~") else { return path }
        let rest = path.dropFirst()
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let user = rest[..<slash]
        let home: String
        if user.isEmpty {
            home = Self.path
        } else if let entry = getpwnam(String(user)), let directory = entry.pointee.pw_dir {
            home = String(cString: directory)
        } else {
            return path
        }
        let tail = rest[slash...]
        if home.hasSuffix("/") && tail.hasPrefix("/") { return home + tail.dropFirst() }
        return home + tail
    }

    /// `path` with `~` expanded and, when relative, made absolute against the working directory.
    public static func absolute(_ path: String) -> String {
        let expanded = expandingTilde(in: path)
        if expanded.hasPrefix("/") { return expanded }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return expanded }
        let directory = String(cString: buffer)
        return (directory.hasSuffix("/") ? directory : directory + "/") + expanded
    }

    /// `~/.nicompute/<relative>`: where every NI Compute process keeps its state by default.
    public static func nicompute(_ relative: String) -> String {
        let home = Self.path
        return (home.hasSuffix("/") ? home : home + "/") + ".nicompute/" + relative
    }
}
