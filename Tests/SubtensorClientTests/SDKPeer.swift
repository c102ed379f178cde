import Foundation
import SubtensorTestSupport
import TestSupport

/// The Python Bittensor SDK in the project's `.venv` (`make python-env`), driven through
/// `sdk_peer.py`. A missing peer fails the test loudly; it is never skipped.
enum SDKPeer {
    static var script: String { TestPaths.repository.appendingPathComponent("Tests/SubtensorClientTests/sdk_peer.py").path }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `command` with `arguments` (plus the fixture's path) and decodes the JSON answer.
    static func call(_ command: String, _ arguments: [String: Any]) throws -> [String: Any] {
        var withFixture = arguments
        withFixture["fixture"] = GoldenFixture.path
        return try PythonPeerScript.call(script, command, withFixture)
    }
}
