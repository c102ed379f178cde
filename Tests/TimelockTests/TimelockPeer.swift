import Foundation

/// The real peers in the project's `.venv` (`make python-env`): bittensor-drand 2.0.0 (the Rust
/// `tle` code the SDK and subtensor run), bittensor-commit-reveal 0.2.0 and py_ecc, driven
/// through `scripts/timelock/peer.py`. A missing peer fails the test; it is never skipped.
enum TimelockPeer {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var python: String { repository.appendingPathComponent(".venv/bin/python").path }
    static var script: String { repository.appendingPathComponent("scripts/timelock/peer.py").path }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs one peer command and decodes its JSON answer.
    static func call(_ command: String, _ arguments: [String: Any]) throws -> [String: Any] {
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw Failure(description: "missing peer \(python): run `make python-env`")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, command, String(decoding: try JSONSerialization.data(withJSONObject: arguments), as: UTF8.self)]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let object = try JSONSerialization.jsonObject(with: stdout) as? [String: Any]
        else {
            throw Failure(
                description:
                    "peer.py \(command) failed (\(process.terminationStatus)): \(String(decoding: stderr, as: UTF8.self).suffix(2000))")
        }
        return object
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
