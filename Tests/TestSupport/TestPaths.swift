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

    /// The project's Python environment with the Bittensor SDK (`make python-env`).
    public static var python: String { repository.appendingPathComponent(".venv/bin/python").path }
}
