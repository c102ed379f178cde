import Crypto
import Foundation
import Gzip
import HexCoding
import Synchronization

/// The `nicompute-pog` executable the validator uploads (`make pog-worker`), with its SHA-256
/// and, made on first use and kept, its gzip encoding (43 MiB become 13 MB on the wire).
public struct WorkerBinary: Sendable {
    public let bytes: [UInt8]
    public let sha256: String
    private let compressed = CompressedCopy()

    /// Holds the gzip encoding once made: one compression (about a second) per validator
    /// process, not per miner, and none for a process that never uploads.
    private final class CompressedCopy: Sendable {
        let bytes = Mutex<[UInt8]?>(nil)
    }

    /// ``bytes`` gzip-encoded.
    public func gzipped() throws -> [UInt8] {
        try compressed.bytes.withLock { held in
            if let held { return held }
            let made = try Gzip.compress(bytes)
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
