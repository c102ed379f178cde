import Foundation
import TestSupport

/// The real peers in the project's `.venv` (`make python-env`): bittensor-drand 2.0.0 (the Rust
/// `tle` code the SDK and subtensor run), bittensor-commit-reveal 0.2.0 and py_ecc, driven
/// through `scripts/timelock/peer.py`. A missing peer fails the test; it is never skipped.
enum TimelockPeer {
    static var repository: URL { TestPaths.repository }
    static var python: String { repository.appendingPathComponent(".venv/bin/python").path }
    static var script: String { repository.appendingPathComponent("scripts/timelock/peer.py").path }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs one peer command and decodes its JSON answer.
    static func call(_ command: String, _ arguments: [String: Any]) throws -> [String: Any] {
        try PythonPeerScript.call(script, command, arguments)
    }

    static func string(_ object: [String: Any], _ key: String) throws -> String {
        guard let value = object[key] as? String else { throw Failure(description: "peer answer has no \(key): \(object)") }
        return value
    }

    /// The recorded quicknet fixture (chain parameters, real beacons with their sources).
    static func fixture() throws -> [String: Any] {
        let url = repository.appendingPathComponent("Tests/TimelockTests/Fixtures/quicknet.json")
        guard let data = FileManager.default.contents(atPath: url.path),
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            throw Failure(description: "fixture not readable at \(url.path)")
        }
        return object
    }
}
