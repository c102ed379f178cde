import Foundation

/// The Python side of the interoperability tests: a script in the project's `.venv` (the
/// Bittensor SDK 9.0.0, bittensor-drand, py_ecc) called as `script COMMAND JSON`, answering one
/// JSON object on its last line of output.
public enum PythonPeerScript {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs `script` with `command` and `arguments` (as JSON) and decodes its answer.
    public static func call(_ script: String, _ command: String, _ arguments: [String: Any]) throws -> [String: Any] {
        guard FileManager.default.isExecutableFile(atPath: TestPaths.python) else {
            throw Failure(description: "missing peer \(TestPaths.python): run `make python-env` (make test does)")
        }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: arguments), as: UTF8.self)
        let output = try ChildProcess.run(TestPaths.python, [script, command, json])
        guard output.status == 0, let line = output.stdout.split(separator: "\n").last,
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else {
            throw Failure(
                description: "\((script as NSString).lastPathComponent) \(command) failed (\(output.status)): \(output.stderr.suffix(2000))"
            )
        }
        return object
    }

    /// A script of this repository by its path from the root.
    public static func path(_ relative: String) -> String { TestPaths.repository.appendingPathComponent(relative).path }
}
