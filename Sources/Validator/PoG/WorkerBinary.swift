import Crypto
import Dispatch
import Foundation
import Gzip
import HexCoding
import NIOCore
import Synchronization
import XZ

/// The `nicompute-pog` executable the validator uploads (`make pog-worker`), with its SHA-256
/// and its compressed encodings, each made on first use and kept (44 MiB become 7 MB as .xz,
/// 13 MB as gzip).
public struct WorkerBinary: Sendable {
    public let bytes: [UInt8]
    public let sha256: String
    private let encodings = Encodings()

    /// How the worker can travel to a container, best first; each needs its decoder there.
    public enum Encoding: String, Sendable, CaseIterable {
        /// LZMA2 after the x86 filter: half of gzip's bytes, so half the encryption and copying
        /// per miner; `xz` is in every image with `build-essential` (the reference's SSH image)
        /// and in the PyTorch images' conda.
        case xz
        /// Every Debian and Ubuntu image has gzip.
        case gzip

        /// The program the container must have, which reads the encoding on stdin.
        public var decoder: String { rawValue }
        /// The shell words that decode stdin to stdout.
        public var decodeCommand: String { "\(rawValue) -dc" }
    }

    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else {
            throw PoGFailure.malformedOutput("the worker \(path) is missing or empty: build it with `make pog-worker`")
        }
        bytes = Array(data)
        sha256 = Hex.encode(Array(SHA256.hash(data: data)))
    }

    /// ``bytes`` in `encoding`, in a buffer shared by every upload (each sends slices of it,
    /// not a copy of its own). Made once per validator process, on a queue of its own rather than
    /// the concurrency pool (an .xz takes seconds of CPU): callers meanwhile wait suspended.
    public func compressed(_ encoding: Encoding) async throws -> ByteBuffer {
        try await encodings.value(of: encoding, from: bytes)
    }

    /// Each encoding once made, or the callers waiting for it.
    private final class Encodings: Sendable {
        private enum Slot {
            case making([CheckedContinuation<ByteBuffer, any Error>])
            case made(Result<ByteBuffer, any Error>)
        }
        private let slots = Mutex<[Encoding: Slot]>([:])
        private let queue = DispatchQueue(label: "nicompute.validator.worker-encoding")

        func value(of encoding: Encoding, from bytes: [UInt8]) async throws -> ByteBuffer {
            try await withCheckedThrowingContinuation { continuation in
                enum Next { case answer(Result<ByteBuffer, any Error>), wait, make }
                let next = slots.withLock { slots -> Next in
                    switch slots[encoding] {
                    case let .made(result)?: return .answer(result)
                    case var .making(waiters)?:
                        waiters.append(continuation)
                        slots[encoding] = .making(waiters)
                        return .wait
                    case nil:
                        slots[encoding] = .making([continuation])
                        return .make
                    }
                }
                switch next {
                case let .answer(result): continuation.resume(with: result)
                case .wait: break
                case .make: queue.async { self.finish(encoding, Result { try Self.encode(bytes, as: encoding) }) }
                }
            }
        }

        private func finish(_ encoding: Encoding, _ result: Result<ByteBuffer, any Error>) {
            let waiters = slots.withLock { slots in
                defer { slots[encoding] = .made(result) }
                if case let .making(waiters)? = slots[encoding] { return waiters }
                return []
            }
            for waiter in waiters { waiter.resume(with: result) }
        }

        private static func encode(_ bytes: [UInt8], as encoding: Encoding) throws -> ByteBuffer {
            switch encoding {
            case .gzip: return ByteBuffer(bytes: try Gzip.compress(bytes))
            case .xz:
                #if arch(x86_64)
                    let x86Code = true
                #else
                    let x86Code = false
                #endif
                // Preset 2: 3.6 s on one core for 7 MB; preset 6 saves 0.9 MB more for 12 s.
                return ByteBuffer(bytes: try XZ.compress(bytes, preset: 2, x86Code: x86Code))
            }
        }
    }
}
