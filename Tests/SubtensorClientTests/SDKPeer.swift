import Foundation
import TestSupport

/// The Python Bittensor SDK in the project's `.venv` (`make python-env`), driven through
/// `sdk_peer.py`. A missing peer fails the test loudly; it is never skipped.
enum SDKPeer {
    static var python: String { GoldenFixture.repository.appendingPathComponent(".venv/bin/python").path }
    static var script: String { GoldenFixture.repository.appendingPathComponent("Tests/SubtensorClientTests/sdk_peer.py").path }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `command` with `arguments` (plus the fixture's path) and decodes the JSON answer.
    static func call(_ command: String, _ arguments: [String: Any]) throws -> [String: Any] {
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw Failure(description: "missing peer \(python): run `make python-env` (the Python SDK 9.0.0 environment)")
        }
        var withFixture = arguments
        withFixture["fixture"] = GoldenFixture.path
        let json = String(decoding: try JSONSerialization.data(withJSONObject: withFixture), as: UTF8.self)
        let output = try ChildProcess.run(python, [script, command, json])
        let (status, stdout, stderr) = (output.status, output.stdout, output.stderr)
        guard status == 0, let line = stdout.split(separator: "\n").last,
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else {
            throw Failure(description: "sdk_peer \(command) failed (\(status)): \(stderr.suffix(2000))")
        }
        return object
    }
}
