import Foundation
import TestSupport

/// Where the read-only `shared/` material sits: beside the repository (`../shared`), or where
/// `NICOMPUTE_SHARED` says.
enum FixturePaths {
    static var shared: String { TestPaths.shared }
}
