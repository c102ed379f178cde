import Foundation
import Testing

/// The real peers of these tests: the Python Bittensor SDK in the project's `.venv` and the
/// built `nicompute` executable. A missing peer fails the test loudly; it is never skipped.
enum InteropEnvironment {
    static let repository: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var python: String { repository.appendingPathComponent(".venv/bin/python").path }
    static var peerScript: String { repository.appendingPathComponent("Tests/WalletInteropTests/bittensor_peer.py").path }

    /// `NICOMPUTE_BIN`, else the debug build in `.build`.
    static var nicompute: String {
        ProcessInfo.processInfo.environment["NICOMPUTE_BIN"]
            ?? repository.appendingPathComponent(".build/debug/nicompute").path
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs `executable` with `arguments`; `environment` is added to this process's environment.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Output {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw Failure(description: "missing peer \(executable): run `make test` (it installs the Python SDK and builds nicompute)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
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
        return Output(status: process.terminationStatus,
                      stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Calls a subcommand of `bittensor_peer.py` and decodes its JSON answer (its last line).
    static func peer(_ command: String, _ arguments: [String: Any]) throws -> [String: Any] {
        let json = String(decoding: try JSONSerialization.data(withJSONObject: arguments), as: UTF8.self)
        let output = try run(python, [peerScript, command, json])
        guard output.status == 0,
              let line = output.stdout.split(separator: "\n").last,
              let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else {
            throw Failure(description: "bittensor_peer.py \(command) failed (\(output.status)): \(output.stderr)\(output.stdout)")
        }
        return object
    }

    /// Runs `nicompute` and requires exit status `expecting`.
    @discardableResult
    static func nicompute(_ arguments: [String], environment: [String: String] = [:], expecting status: Int32 = 0) throws -> String {
        let output = try run(nicompute, arguments, environment: environment)
        guard output.status == status else {
            throw Failure(description: "nicompute \(arguments.joined(separator: " ")) exited \(output.status), expected \(status): \(output.stderr)\(output.stdout)")
        }
        return output.stdout
    }
}
