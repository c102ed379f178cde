import Crypto
import Foundation
import HexCoding

/// The `nicompute-pog` executable the validator uploads (`make pog-worker`), with its SHA-256.
public struct WorkerBinary: Sendable {
    public let bytes: [UInt8]
    public let sha256: String

    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else {
            throw PoGFailure.malformedOutput("the worker \(path) is missing or empty: build it with `make pog-worker`")
        }
        bytes = Array(data)
        sha256 = Hex.encode(Array(SHA256.hash(data: data)))
    }
}
