import ArgumentParser
#if canImport(Glibc)
    import Glibc
#endif

/// `health-server`: the HTTP endpoint of SN27 v2.2's post-PoG health check, served from inside
/// the rental on one of its user ports, so the validator can probe the miner's external port
/// from outside. `GET /` and `HEAD /` answer 200 `Health OK` (followed by ` <token>` when one is
/// given, which proves the answer comes from this container and not from something else the
/// miner put on that port); anything else 404. One connection at a time, each bounded (2 s,
/// 4 KiB), until `--timeout` seconds have passed.
struct HealthServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health-server",
        abstract: "Serve the post-PoG health check (GET / → 200 \"Health OK\") on --port until --timeout seconds pass.",
        discussion: "Prints {\"listening\": PORT} once bound, then serves; exits 0 at the timeout."
    )

    @Option(help: "The TCP port to listen on, on every address.")
    var port: Int = 27015

    @Option(help: "Seconds to serve before exiting (1-3600).")
    var timeout: Int = 60

    @Option(help: "Text appended to the body (letters and digits, at most 64), for the prober to recognise.")
    var token: String = ""

    struct Listening: Encodable { let listening: Int }

    func validate() throws {
        guard (1...65_535).contains(port) else { throw ValidationError("--port: must be 1-65535") }
        guard (1...3_600).contains(timeout) else { throw ValidationError("--timeout: must be 1-3600 seconds") }
        guard token.utf8.count <= 64,
            token.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) })
        else {
            throw ValidationError("--token: letters and digits only, at most 64")
        }
    }

    func run() throws {
        let listener = try Self.listen(port: port)
        defer { close(listener) }
        JSONIO.write(Listening(listening: port))
        var deadline = timespec()
        clock_gettime(CLOCK_MONOTONIC, &deadline)
        let end = deadline.tv_sec + timeout
        let body = Array(("Health OK" + (token.isEmpty ? "" : " " + token)).utf8)
        while true {
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            let left = end - now.tv_sec
            guard left > 0 else { return }
            var waiting = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            let ready = poll(&waiting, 1, Int32(min(left, 1) * 1_000))
            guard ready > 0 else { continue }
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { continue }
            Self.answer(connection, body: body)
            close(connection)
        }
    }

    private static func listen(port: Int) throws -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw HealthServerError("socket: errno \(errno)") }
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr = in_addr(s_addr: INADDR_ANY)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, Glibc.listen(descriptor, 16) == 0 else {
            let reason = errno == EADDRINUSE ? "port \(port) is already in use" : "bind/listen on port \(port): errno \(errno)"
            close(descriptor)
            throw HealthServerError(reason)
        }
        return descriptor
    }

    /// Reads one request head (at most 4 KiB, 2 s) and answers it.
    private static func answer(_ connection: Int32, body: [UInt8]) {
        var limit = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(connection, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var request = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1_024)
        let endOfHead: [UInt8] = [13, 10, 13, 10]
        while request.count < 4_096 {
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            request += chunk[0..<count]
            // Only the bytes just read (and the three before them) can complete the head.
            if request[max(0, request.count - count - 3)...].contains(subsequence: endOfHead) { break }
        }
        let line = request.prefix { $0 != 13 && $0 != 10 }
        let isHead = line.starts(with: Array("HEAD / ".utf8))
        let found = line.starts(with: Array("GET / ".utf8)) || isHead
        let payload = found ? body : Array("Not Found".utf8)
        var response = Array(
            "HTTP/1.0 \(found ? "200 OK" : "404 Not Found")\r\nContent-Type: text/plain\r\nContent-Length: \(payload.count)\r\nConnection: close\r\n\r\n"
                .utf8)
        if !isHead { response += payload }
        // send with MSG_NOSIGNAL: a prober that hung up must not kill the server with SIGPIPE.
        var offset = 0
        while offset < response.count {
            let sent = response[offset...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { return }
            offset += sent
        }
    }
}

struct HealthServerError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension ArraySlice where Element == UInt8 {
    fileprivate func contains(subsequence: [UInt8]) -> Bool {
        guard count >= subsequence.count else { return false }
        var index = startIndex
        while index + subsequence.count <= endIndex {
            if self[index..<(index + subsequence.count)].elementsEqual(subsequence) { return true }
            index += 1
        }
        return false
    }
}
