import Crypto
import Foundation
import Gzip
import HexCoding
import NIOCore
import Synchronization

/// The `nicompute-pog` executable the validator uploads (`make pog-worker`), with its SHA-256
/// and, made on first use and kept, its gzip encoding (43 MiB become 13 MB on the wire).
public struct WorkerBinary: Sendable {
    public let bytes: [UInt8]
    public let sha256: String
    private let compressed = CompressedCopy()

    /// Holds the gzip encoding once made: one compression (about a second) per validator
    /// process, not per miner, and none for a process that never uploads. Kept in a buffer, so
    /// that every upload sends slices of it rather than a copy of its own.
    private final class CompressedCopy: Sendable {
        let buffer = Mutex<ByteBuffer?>(nil)
    }

    /// ``bytes`` gzip-encoded, in a buffer shared by every upload.
    public func gzipped() throws -> ByteBuffer {
        try compressed.buffer.withLock { held in
            if let held { return held }
            let made = ByteBuffer(bytes: try Gzip.compress(bytes))
            held = made
            return made
        }
    }

    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else {
            throw PoGFailure.malformedOutput("the worker \(path) is missing or empty: build it with `make pog-worker`")
        }
        bytes = Array(data)
        sha256 = Hex.encode(Array(SHA256.hash(data: data)))
    }
}
