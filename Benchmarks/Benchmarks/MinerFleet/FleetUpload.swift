import Crypto
import Foundation
import Gzip
import HexCoding
import Synchronization
import XZ

/// The worker upload as a miner's shell takes it: `xz -dc > file`, `gzip -dc > file` or
/// `cat > file`, answered with the hash `sha256sum` would print of what landed.
///
/// The fleet shares the validator's two cores, and decoding 256 uploads of the same stream
/// (an .xz takes about a third of a second each) would measure the fleet rather than the
/// validator. So a compressed stream is decoded in full once; later uploads whose compressed
/// bytes have the same SHA-256 take that decoding's hash (the same bytes decode the same way).
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

    /// The worker is 44 MiB; a tenth of a gigabyte is plenty.
    static let maximumBytes = 100 << 20

    /// Each compressed stream's SHA-256 → the SHA-256 of what it decoded to.
    private static let decoded = Mutex<[String: String]>([:])

    private let decoder: Decoder?
    private var hasher = SHA256()
    /// The compressed bytes, kept until ``finish()`` knows whether they must be decoded.
    private var received: [UInt8] = []

    init(decoder: Decoder?) {
        self.decoder = decoder
    }

    func receive(_ bytes: some Collection<UInt8>) throws {
        guard received.count + bytes.count <= Self.maximumBytes else { throw FleetError("upload: more than \(Self.maximumBytes) bytes") }
        hasher.update(data: Array(bytes))
        if decoder != nil { received += bytes }
    }

    /// The hash `sha256sum` would print, once the input is whole.
    func finish() throws -> String {
        let digest = Hex.encode(hasher.finalize())
        guard let decoder else { return digest }
        if let known = Self.decoded.withLock({ $0[digest] }) { return known }
        let plain: [UInt8] =
            switch decoder {
            case .xz: try XZ.decompress(received, maximumOutput: Self.maximumBytes)
            case .gzip: try Gzip.decompress(received, maximumOutput: Self.maximumBytes)
            }
        let hash = Hex.encode(SHA256.hash(data: plain))
        Self.decoded.withLock { $0[digest] = hash }
        return hash
    }
}
