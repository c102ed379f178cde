import Foundation
import Testing
import TestSupport

/// The real peers of these tests: the Python Bittensor SDK in the project's `.venv` and the
/// built `nicompute` executable. A missing peer fails the test loudly; it is never skipped.
enum InteropEnvironment {
    static let repository = TestPaths.repository

    static var python: String { TestPaths.python }
    static var peerScript: String { repository.appendingPathComponent("Tests/CommandLineTests/bittensor_peer.py").path }

    /// `NICOMPUTE_BIN`, else the debug build in `.build`.
    static var nicompute: String { TestPaths.nicompute }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `executable` with `arguments`; `environment` is added to this process's environment.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> ChildProcess.Output {
        try ChildProcess.run(executable, arguments, environment: environment)
    }

    /// Calls a subcommand of `bittensor_peer.py` and decodes its JSON answer (its last line).
    static func peer(_ command: String, _ arguments: [String: Any]) throws -> [String: Any] {
        try PythonPeerScript.call(peerScript, command, arguments)
    }

    /// Runs `nicompute` and requires exit status `expecting`.
    @discardableResult
    static func nicompute(_ arguments: [String], environment: [String: String] = [:], expecting status: Int32 = 0) throws -> String {
        let output = try run(nicompute, arguments, environment: environment)
        guard output.status == status else {
            throw Failure(
                description:
                    "nicompute \(arguments.joined(separator: " ")) exited \(output.status), expected \(status): \(output.stderr)\(output.stdout)"
            )
        }
        return output.stdout
    }
}
