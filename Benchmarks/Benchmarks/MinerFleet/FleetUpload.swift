import Crypto
import Foundation
import Gzip
import HexCoding
import XZ

/// The worker upload as a miner's shell takes it: `xz -dc > file`, `gzip -dc > file` or
/// `cat > file`, streamed through SHA-256 as the bytes arrive, so that 32 uploads at once hold
/// no 44 MiB copies.
final class FleetUpload {
    /// A decoder a container may have, as the validator's probe names it.
    enum Decoder: String, CaseIterable {
        case xz, gzip

        /// What the fleet's containers say they have: `FLEET_DECODERS` (space-separated, e.g.
        /// `gzip` to measure a fleet of containers without xz), else both.
        static let available: [Decoder] = {
            guard let named = ProcessInfo.processInfo.environment["FLEET_DECODERS"] else { return allCases }
            return named.split(separator: " ").compactMap { Decoder(rawValue: String($0)) }
        }()
    }

    private enum Inflater {
        case xz(XZInflater)
        case gzip(GzipInflater)
        case none
    }

    private let inflater: Inflater
    private var hasher = SHA256()

    /// The worker is 44 MiB; a tenth of a gigabyte is plenty.
    static let maximumBytes = 100 << 20

    init(decoder: Decoder?) throws {
        switch decoder {
        case .xz: inflater = .xz(try XZInflater(maximumOutput: Self.maximumBytes))
        case .gzip: inflater = .gzip(try GzipInflater(maximumOutput: Self.maximumBytes))
        case nil: inflater = .none
        }
    }

    func receive(_ bytes: some Collection<UInt8>) throws {
        switch inflater {
        case let .xz(inflater): try inflater.feed(bytes) { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        case let .gzip(inflater): try inflater.feed(bytes) { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        case .none: hasher.update(data: Array(bytes))
        }
    }

    /// The hash `sha256sum` would print, once the input is whole.
    func finish() throws -> String {
        switch inflater {
        case let .xz(inflater):
            try inflater.feed([], final: true) { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        case let .gzip(inflater):
            if !inflater.finished { throw FleetError("upload: the gzip stream ended early") }
        case .none: break
        }
        return Hex.encode(hasher.finalize())
    }
}
