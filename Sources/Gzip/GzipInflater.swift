import CZlib

/// A gzip stream read as its pieces arrive, bounded: each ``feed(_:into:)`` hands the
/// decompressed bytes to a closure in chunks instead of holding the whole output, and the total
/// output is capped, so a small hostile input cannot expand without limit (a "zip bomb").
///
/// One gzip member; bytes after its end are refused. Not `Sendable`: one reader owns it.
public final class GzipInflater {
    /// The decompressed bytes handed out so far.
    public private(set) var totalOut = 0
    /// Whether the member's trailer (CRC-32 and length, checked by zlib) has been read.
    public private(set) var finished = false
    private let maximumOutput: Int
    private var stream = z_stream()

    /// Refuses to produce more than `maximumOutput` bytes in all.
    public init(maximumOutput: Int) throws(Gzip.Failure) {
        self.maximumOutput = maximumOutput
        let started = nicompute_inflate_init_gzip(&stream)
        guard started == Z_OK else { throw Gzip.Failure(code: started, description: "inflateInit2 failed (\(started))") }
    }

    deinit { inflateEnd(&stream) }

    /// Decompresses `input`, calling `output` with each decompressed chunk (at most 64 KiB).
    public func feed(_ input: some Collection<UInt8>, into output: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        guard !input.isEmpty else { return }
        guard !finished else { throw Gzip.Failure(code: Z_DATA_ERROR, description: "bytes after the end of the gzip member") }
        var source = Array(input)
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        try source.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            while stream.avail_in > 0, !finished {
                let (result, produced) = chunk.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    let result = inflate(&stream, Z_NO_FLUSH)
                    return (result, target.count - Int(stream.avail_out))
                }
                guard result == Z_OK || result == Z_STREAM_END || result == Z_BUF_ERROR else {
                    let message = stream.msg.map { String(cString: $0) } ?? "no message"
                    throw Gzip.Failure(code: result, description: "inflate failed (\(result)): \(message)")
                }
                guard produced <= maximumOutput - totalOut else {
                    throw Gzip.Failure(code: Z_BUF_ERROR, description: "more than \(maximumOutput) bytes decompressed")
                }
                totalOut += produced
                try chunk.withUnsafeBufferPointer { try output(UnsafeBufferPointer(rebasing: $0.prefix(produced))) }
                if result == Z_STREAM_END {
                    finished = true
                    guard stream.avail_in == 0 else {
                        throw Gzip.Failure(code: Z_DATA_ERROR, description: "bytes after the end of the gzip member")
                    }
                }
                if result == Z_BUF_ERROR, produced == 0 { break }
            }
            stream.next_in = nil
        }
    }
}

extension Gzip {
    /// `bytes`, one gzip member, decompressed; at most `maximumOutput` bytes, and the member must
    /// be whole.
    public static func decompress(_ bytes: [UInt8], maximumOutput: Int) throws -> [UInt8] {
        let inflater = try GzipInflater(maximumOutput: maximumOutput)
        var output = [UInt8]()
        try inflater.feed(bytes) { output.append(contentsOf: $0) }
        guard inflater.finished else { throw Failure(code: Z_BUF_ERROR, description: "the gzip member ends early") }
        return output
    }
}
