import NIOCore

/// A shell on a miner's test container: commands with input, a deadline and bounded output.
/// ``SSHConnection`` in production; the Proof-of-GPU stages' unit tests use scripted shells
/// and one that runs the worker on this machine.
public protocol RemoteShell: Sendable {
    /// Runs `command` with `input` on its stdin; returns its exit status and output, or throws
    /// ``SSHError`` (timed out, output past `maximumOutputBytes`, connection lost).
    func run(_ command: String, input: [UInt8], timeout: Duration, maximumOutputBytes: Int) async throws -> SSHCommandResult
    /// The same with `input` already in a buffer, which an SSH connection sends as slices
    /// without copying: the worker, 13 MB, goes to every miner of a round from one buffer.
    func run(_ command: String, input: ByteBuffer, timeout: Duration, maximumOutputBytes: Int) async throws -> SSHCommandResult
    func close() async
}

extension RemoteShell {
    /// Shells without a way to send a buffer as it is take its bytes.
    public func run(_ command: String, input: ByteBuffer, timeout: Duration, maximumOutputBytes: Int) async throws
        -> SSHCommandResult
    {
        try await run(command, input: Array(input.readableBytesView), timeout: timeout, maximumOutputBytes: maximumOutputBytes)
    }
}

extension SSHConnection: RemoteShell {}

/// Opens a shell on a test container with its sealed credentials.
public typealias RemoteShellOpener =
    @Sendable (_ host: String, _ port: Int, _ username: String, _ password: String) async throws -> any RemoteShell

extension SSHConnection {
    /// ``connect(host:port:username:password:timeout:)`` with its default timeout, as a ``RemoteShellOpener``.
    public static let opener: RemoteShellOpener = { host, port, username, password in
        try await SSHConnection.connect(host: host, port: port, username: username, password: password)
    }
}
