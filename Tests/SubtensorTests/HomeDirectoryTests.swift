import Foundation
import HostPaths
import Testing

/// `~` as a shell expands it: through `$HOME` (Foundation's home lookup ignores `$HOME`).
/// The commands that rely on it are in CommandLineTests' `HomeCommandTests`.
@Suite("home directory")
struct HomeDirectoryTests {
    @Test("HomeDirectory expands ~ and ~/ through the home it reports, and leaves other paths alone")
    func expansion() {
        let home = HomeDirectory.path
        #expect(HomeDirectory.expandingTilde(in: "~") == home)
        #expect(HomeDirectory.expandingTilde(in: "~/a/b") == (home == "/" ? "/a/b" : home + "/a/b"))
        #expect(HomeDirectory.expandingTilde(in: "/abs/~/x") == "/abs/~/x")
        #expect(HomeDirectory.expandingTilde(in: "rel/x") == "rel/x")
        #expect(HomeDirectory.expandingTilde(in: "~no-such-user-nicompute/x") == "~no-such-user-nicompute/x")
        #expect(HomeDirectory.absolute("rel/x").hasSuffix("/rel/x") && HomeDirectory.absolute("rel/x").hasPrefix("/"))
    }
}
