import Foundation

/// Where the read-only `shared/` material sits: beside the repository (`../shared`), or where
/// `NICOMPUTE_SHARED` says.
enum FixturePaths {
    static let shared: String = {
        if let override = ProcessInfo.processInfo.environment["NICOMPUTE_SHARED"] { return override }
        // #filePath is …/Tests/BittensorCryptoTests/FixturePaths.swift; the repository is two up.
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repository.deletingLastPathComponent().appendingPathComponent("shared").path
    }()
}
