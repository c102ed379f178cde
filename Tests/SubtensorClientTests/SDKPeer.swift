import Foundation

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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, command, json]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes before waiting so a chatty child cannot fill a pipe and stall.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let line = String(decoding: stdout, as: UTF8.self).split(separator: "\n").last,
              let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else {
            throw Failure(description: "sdk_peer \(command) failed (\(process.terminationStatus)): \(String(decoding: stderr, as: UTF8.self).suffix(2000))")
        }
        return object
    }
}
