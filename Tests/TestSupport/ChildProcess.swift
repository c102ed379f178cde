import Foundation

/// Runs a program to completion for a test: stdin empty, both pipes read before waiting so a
/// chatty child cannot fill one and stall. A missing program fails loudly with the command that
/// provides it: peers are never skipped.
public enum ChildProcess {
    public struct Output: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
        /// stdout as it came, for output that is data rather than text.
        public let stdoutBytes: [UInt8]
        /// Both streams, stdout first.
        public var combined: String { stdout + stderr }
    }

    public struct Missing: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs `executable` with `arguments`; `environment` is added to this process's environment
    /// and the variables named in `unsetting` are left out, `input` (if any) is its stdin,
    /// written while its output is read.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], unsetting: [String] = [],
        input: [UInt8]? = nil
    ) throws -> Output {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw Missing(description: "missing \(executable): run `make test` (it builds nicompute and installs and starts every peer)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if !environment.isEmpty || !unsetting.isEmpty {
            var merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            for name in unsetting { merged[name] = nil }
            process.environment = merged
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = input.map { _ in Pipe() }
        process.standardInput = stdin ?? FileHandle.nullDevice
        try process.run()
        if let stdin, let input {
            DispatchQueue.global().async {
                try? stdin.fileHandleForWriting.write(contentsOf: Data(input))
                try? stdin.fileHandleForWriting.close()
            }
        }
        // Both pipes drain at once: reading one to its end first could leave the child blocked
        // on a full other.
        let collected = DispatchGroup()
        nonisolated(unsafe) var stderr = Data()
        collected.enter()
        DispatchQueue.global().async {
            stderr = err.fileHandleForReading.readDataToEndOfFile()
            collected.leave()
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        collected.wait()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self), stdoutBytes: Array(stdout))
    }

    /// ``run(_:_:environment:)`` on a thread of its own, so waiting for the child does not hold
    /// one of the few threads that run every test's async work.
    public static func runDetached(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> Output
    {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try run(executable, arguments, environment: environment) })
            }
        }
    }
}
