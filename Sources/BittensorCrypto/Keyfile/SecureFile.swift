import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// File operations for secrets: owner-only permissions (files 0600, folders 0700) and atomic
/// replacement, so a crash never leaves a half-written keyfile behind.
enum SecureFile {
    static func read(_ path: String) throws(KeyfileError) -> [UInt8] {
        guard FileManager.default.fileExists(atPath: path) else { throw .notFound(path: path) }
        guard let data = FileManager.default.contents(atPath: path) else { throw .io(path: path, reason: "cannot be read") }
        return Array(data)
    }

    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    /// Creates `path` and missing parents with mode 0700; existing folders are left as they are.
    static func makeDirectory(_ path: String) throws(KeyfileError) {
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]
            )
        } catch {
            throw .io(path: path, reason: "cannot create the folder: \(error.localizedDescription)")
        }
    }

    /// Writes `bytes` to a temporary file beside `path` (mode 0600, flushed to disk).
    /// Returns the temporary path, to be moved into place with ``commit(_:to:overwrite:)``.
    static func stage(_ bytes: [UInt8], for path: String) throws(KeyfileError) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        try makeDirectory(directory)
        let temporary = "\(path).tmp-\(UInt32.random(in: .min ... .max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .io(path: path, reason: "cannot create a file: \(errorText())") }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard result > 0 else {
                unlink(temporary)
                throw .io(path: path, reason: "cannot write: \(errorText())")
            }
            written += result
        }
        guard fsync(descriptor) == 0 else {
            unlink(temporary)
            throw .io(path: path, reason: "cannot flush to disk: \(errorText())")
        }
        return temporary
    }

    /// Moves a staged file into place. Without `overwrite` the move fails if `path` exists,
    /// atomically (a hard link cannot replace an existing name).
    static func commit(_ temporary: String, to path: String, overwrite: Bool) throws(KeyfileError) {
        if overwrite {
            guard rename(temporary, path) == 0 else {
                let reason = errorText()
                unlink(temporary)
                throw .io(path: path, reason: "cannot replace: \(reason)")
            }
        } else {
            defer { unlink(temporary) }
            guard link(temporary, path) == 0 else {
                if errno == EEXIST { throw .alreadyExists(path: path) }
                throw .io(path: path, reason: "cannot create: \(errorText())")
            }
        }
    }

    static func discard(_ temporary: String) {
        unlink(temporary)
    }

    private static func errorText() -> String {
        String(cString: strerror(errno))
    }
}
