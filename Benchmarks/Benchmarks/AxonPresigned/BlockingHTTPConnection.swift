import Foundation

/// One keep-alive HTTP/1.1 connection over a blocking socket: write a request, read one answer
/// (status and `Content-Length` body). As little work per request as a client can do, so that
/// the server under test gets the machine's cores.
final class BlockingHTTPConnection {
    private let descriptor: Int32
    private var buffer = [UInt8]()

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw LoadError("socket: \(errno)") }
        var one: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(descriptor)
            throw LoadError("connect to 127.0.0.1:\(port): \(errno)")
        }
    }

    deinit { close(descriptor) }

    /// Sends `request` and returns the answer's status code.
    func exchange(_ request: [UInt8]) throws -> Int {
        var sent = 0
        while sent < request.count {
            let written = request[sent...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard written > 0 else { throw LoadError("write: \(errno)") }
            sent += written
        }
        let headEnd = try readUntilHeadEnd()
        let head = String(decoding: buffer[..<headEnd], as: UTF8.self)
        let lines = head.split(separator: "\r\n")
        guard let statusLine = lines.first, let status = statusLine.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else {
            throw LoadError("no status line")
        }
        let length = lines.dropFirst().lazy.compactMap { line -> Int? in
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
            return Int(parts[1].trimmingCharacters(in: .whitespaces))
        }.first
        guard let length else { throw LoadError("no Content-Length in the answer") }
        let total = headEnd + 4 + length
        try fill(to: total)
        buffer.removeFirst(total)
        return status
    }

    private func readUntilHeadEnd() throws -> Int {
        var searched = 0
        while true {
            if buffer.count >= 4 {
                for index in max(0, searched - 3)...(buffer.count - 4)
                where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
                    return index
                }
                searched = buffer.count
            }
            try readMore()
        }
    }

    private func fill(to count: Int) throws {
        while buffer.count < count { try readMore() }
    }

    private func readMore() throws {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        let received = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard received > 0 else { throw LoadError(received == 0 ? "the server closed the connection" : "read: \(errno)") }
        buffer += chunk[..<received]
    }
}

struct LoadError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
