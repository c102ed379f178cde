import Foundation
import Synchronization
import TestSupport
@testable import Validator

/// A test container that is this machine: each command runs under `/bin/sh` with the real
/// worker, the container's `/tmp/nicompute` being a scratch folder here. No SSH, no engine.
struct LocalShell: RemoteShell {
    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "pog-shell-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func run(_ command: String, input: [UInt8], timeout: Duration, maximumOutputBytes: Int) async throws -> SSHCommandResult {
        let line = command.replacingOccurrences(of: "/tmp/nicompute", with: directory)
        let folder = directory
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try Self.execute(line, input: input, in: folder) })
            }
        }
    }

    private static func execute(_ line: String, input: [UInt8], in folder: String) throws -> SSHCommandResult {
        let output = try ChildProcess.run("/bin/sh", ["-c", line], input: input)
        return SSHCommandResult(exitStatus: Int(output.status), stdout: output.stdoutBytes, stderr: Array(output.stderr.utf8))
    }

    func close() async { try? FileManager.default.removeItem(atPath: directory) }
}

/// A shell whose answers a test rewrites: each command goes to `inner`, then `rewrite` may
/// change the result (a cheating or broken miner's worker).
struct RewritingShell: RemoteShell {
    let inner: any RemoteShell
    let rewrite: @Sendable (_ command: String, _ result: SSHCommandResult) async throws -> SSHCommandResult

    func run(_ command: String, input: [UInt8], timeout: Duration, maximumOutputBytes: Int) async throws -> SSHCommandResult {
        try await rewrite(command, try await inner.run(command, input: input, timeout: timeout, maximumOutputBytes: maximumOutputBytes))
    }

    func close() async { await inner.close() }
}

/// A shell that answers some commands itself (`answer` returns a result) and passes the rest on.
struct InterceptingShell: RemoteShell {
    let inner: any RemoteShell
    let answer: @Sendable (_ command: String) -> SSHCommandResult?

    func run(_ command: String, input: [UInt8], timeout: Duration, maximumOutputBytes: Int) async throws -> SSHCommandResult {
        if let result = answer(command) { return result }
        return try await inner.run(command, input: input, timeout: timeout, maximumOutputBytes: maximumOutputBytes)
    }

    func close() async { await inner.close() }
}

/// A shell that passes every command on and remembers each line with the bytes sent to it.
final class RecordingShell: RemoteShell {
    let inner: any RemoteShell
    private let log = Mutex<[(command: String, sent: Int)]>([])

    init(inner: any RemoteShell) { self.inner = inner }

    var commands: [(command: String, sent: Int)] { log.withLock { $0 } }

    func run(_ command: String, input: [UInt8], timeout: Duration, maximumOutputBytes: Int) async throws -> SSHCommandResult {
        log.withLock { $0.append((command, input.count)) }
        return try await inner.run(command, input: input, timeout: timeout, maximumOutputBytes: maximumOutputBytes)
    }

    func close() async { await inner.close() }
}
