#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import Synchronization

/// ``LeaderLock`` for instances sharing one SQLite file: an exclusive `flock` on a file
/// beside it. The kernel drops the lock when the process dies, however it dies.
public final class FileLeaderLock: LeaderLock {
    public let path: String
    private let descriptor = Mutex<Int32?>(nil)

    public init(path: String) { self.path = path }

    public func acquire() async throws -> Bool {
        try descriptor.withLock { held in
            if held != nil { return true }
            let fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw LeaderLockError("\(path): cannot open the leader lock file (errno \(errno))") }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                close(fd)
                return false
            }
            held = fd
            return true
        }
    }

    public func stillHeld() async -> Bool { descriptor.withLock { $0 != nil } }

    public func release() async {
        descriptor.withLock { held in
            if let fd = held { close(fd) }
            held = nil
        }
    }

    deinit {
        if let fd = descriptor.withLock({ $0 }) { close(fd) }
    }
}

/// Why a leader lock could not even be tried.
public struct LeaderLockError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
