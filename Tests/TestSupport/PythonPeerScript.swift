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

    /// Starts `script` with `command` and `arguments` (as JSON) as a server that prints
    /// `READY <port>` once it listens; returns the running process (the caller terminates it)
    /// and that port.
    public static func serve(_ script: String, _ command: String, _ arguments: [String: Any]) throws -> (Process, Int) {
        guard FileManager.default.isExecutableFile(atPath: TestPaths.python) else {
            throw Failure(description: "missing peer \(TestPaths.python): run `make python-env` (make test does)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.python)
        process.arguments = [script, command, String(decoding: try JSONSerialization.data(withJSONObject: arguments), as: UTF8.self)]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("READY "), let port = Int(text.dropFirst(6).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw Failure(description: "\((script as NSString).lastPathComponent) \(command) did not start: \(text)")
        }
        return (process, port)
    }

    /// A script of this repository by its path from the root.
    public static func path(_ relative: String) -> String { TestPaths.repository.appendingPathComponent(relative).path }
}
