import Foundation

/// Where the tests find the checkout and the programs `make test` builds for them.
public enum TestPaths {
    /// The repository root (this file is `Tests/TestSupport/TestPaths.swift`).
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `NICOMPUTE_BIN` (set by `make test`), else the debug build in `.build`.
    public static var nicompute: String {
        ProcessInfo.processInfo.environment["NICOMPUTE_BIN"] ?? repository.appendingPathComponent(".build/debug/nicompute").path
    }

    /// `NICOMPUTE_POG_BIN` (set by `make test`), else the debug build of the Proof-of-GPU worker.
    public static var pogWorker: String {
        ProcessInfo.processInfo.environment["NICOMPUTE_POG_BIN"] ?? repository.appendingPathComponent(".build/debug/nicompute-pog").path
    }

    /// The read-only shared material (fixtures): `NICOMPUTE_SHARED`, else `../shared` beside the
    /// checkout, as CI has it.
    public static var shared: String {
        ProcessInfo.processInfo.environment["NICOMPUTE_SHARED"]
            ?? repository.deletingLastPathComponent().appendingPathComponent("shared").path
    }

    /// A file of this checkout by its path from the root.
    public static func file(_ relative: String) -> String { repository.appendingPathComponent(relative).path }

    /// The project's Python environment with the Bittensor SDK (`make python-env`).
    public static var python: String { repository.appendingPathComponent(".venv/bin/python").path }
}
