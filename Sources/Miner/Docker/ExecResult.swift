/// What a command run in a container through the exec API printed, and how it ended.
public struct ExecResult: Sendable, Equatable {
    public var exitCode: Int
    public var stdout: [UInt8]
    public var stderr: [UInt8]

    public var standardOutput: String { String(decoding: stdout, as: UTF8.self) }
    public var standardError: String { String(decoding: stderr, as: UTF8.self) }

    /// Splits the engine's multiplexed stream (`application/vnd.docker.raw-stream` without a
    /// TTY): frames of `[stream, 0, 0, 0, size (4 bytes, big-endian)]` then `size` bytes, where
    /// stream 1 is stdout and 2 stderr. A truncated last frame keeps what arrived.
    public static func demultiplex(_ bytes: [UInt8]) -> (stdout: [UInt8], stderr: [UInt8]) {
        var stdout = [UInt8](), stderr = [UInt8]()
        var offset = 0
        while offset + 8 <= bytes.count {
            let stream = bytes[offset]
            let size = bytes[(offset + 4)..<(offset + 8)].reduce(0) { $0 << 8 | Int($1) }
            let start = offset + 8
            let end = min(bytes.count, start + size)
            if stream == 2 { stderr += bytes[start..<end] } else { stdout += bytes[start..<end] }
            offset = end
        }
        return (stdout, stderr)
    }
}
