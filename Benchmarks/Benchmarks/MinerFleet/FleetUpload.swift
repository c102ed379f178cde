import Crypto
import Gzip
import HexCoding

/// The worker upload as a miner's shell takes it: `gzip -dc > file` or `cat > file`, streamed
/// through SHA-256 as the bytes arrive, so that 32 uploads at once hold no 44 MiB copies.
final class FleetUpload {
    private let inflater: GzipInflater?
    private var hasher = SHA256()

    /// The worker is 44 MiB; a tenth of a gigabyte is plenty.
    static let maximumBytes = 100 << 20

    init(compressed: Bool) throws {
        inflater = compressed ? try GzipInflater(maximumOutput: Self.maximumBytes) : nil
    }

    func receive(_ bytes: some Collection<UInt8>) throws {
        if let inflater {
            try inflater.feed(bytes) { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        } else {
            hasher.update(data: Array(bytes))
        }
    }

    /// The hash `sha256sum` would print, once the input is whole.
    func finish() throws -> String {
        if let inflater, !inflater.finished { throw FleetError("upload: the gzip stream ended early") }
        return Hex.encode(hasher.finalize())
    }
}
