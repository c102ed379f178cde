import CLZMA

/// An .xz stream read as its pieces arrive, bounded like `GzipInflater`: each
/// ``feed(_:into:)`` hands the decompressed bytes to a closure in chunks, the total output is
/// capped, and so is the decoder's memory (a hostile header cannot ask for a huge dictionary).
///
/// One stream; bytes after its end are refused. Not `Sendable`: one reader owns it.
public final class XZInflater {
    /// The decompressed bytes handed out so far.
    public private(set) var totalOut = 0
    /// Whether the stream's end (index and footer, the check verified) has been read.
    public private(set) var finished = false
    private let maximumOutput: Int
    private var stream = lzma_stream()

    /// Refuses to produce more than `maximumOutput` bytes in all, or to use more than
    /// `memoryLimit` bytes of decoder memory (64 MiB covers presets up to 8; the worker is sent
    /// at 2, whose 2 MiB dictionary needs about 3 MiB).
    public init(maximumOutput: Int, memoryLimit: UInt64 = 64 << 20) throws(XZ.Failure) {
        self.maximumOutput = maximumOutput
        let started = lzma_stream_decoder(&stream, memoryLimit, 0)
        guard started == LZMA_OK else { throw XZ.Failure(started, "xz decoder") }
    }

    deinit { lzma_end(&stream) }

    /// Decompresses `input`, calling `output` with each decompressed chunk (at most 64 KiB).
    /// An empty `input` with `final` says the stream is whole: one that has not ended is
    /// refused as truncated.
    public func feed(_ input: some Collection<UInt8>, final: Bool = false, into output: (UnsafeBufferPointer<UInt8>) throws -> Void)
        throws
    {
        // liblzma reports a call without progress as an error; there is nothing to do anyway.
        if input.isEmpty, !final { return }
        guard !finished else {
            if input.isEmpty { return }
            throw XZ.Failure(LZMA_DATA_ERROR, refusing: "bytes after the end of the .xz stream")
        }
        var source = Array(input)
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        try source.withUnsafeMutableBufferPointer { source in
            stream.next_in = UnsafePointer(source.baseAddress)
            stream.avail_in = source.count
            defer { stream.next_in = nil }
            while !finished {
                let (result, produced) = chunk.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress
                    stream.avail_out = target.count
                    let result = lzma_code(&stream, final ? LZMA_FINISH : LZMA_RUN)
                    return (result, target.count - stream.avail_out)
                }
                guard result == LZMA_OK || result == LZMA_STREAM_END else { throw XZ.Failure(result, "xz decompression") }
                guard produced <= maximumOutput - totalOut else {
                    throw XZ.Failure(LZMA_DATA_ERROR, refusing: "more than \(maximumOutput) bytes decompressed")
                }
                totalOut += produced
                try chunk.withUnsafeBufferPointer { try output(UnsafeBufferPointer(rebasing: $0.prefix(produced))) }
                if result == LZMA_STREAM_END {
                    finished = true
                    guard stream.avail_in == 0 else { throw XZ.Failure(LZMA_DATA_ERROR, refusing: "bytes after the end of the .xz stream") }
                }
                // Input used up and the output chunk not filled: liblzma wants more bytes.
                if stream.avail_in == 0, stream.avail_out > 0, !final { break }
            }
        }
    }
}

extension XZ {
    /// `bytes`, one .xz stream, decompressed; at most `maximumOutput` bytes, and the stream must
    /// be whole.
    public static func decompress(_ bytes: [UInt8], maximumOutput: Int) throws -> [UInt8] {
        let inflater = try XZInflater(maximumOutput: maximumOutput)
        var output = [UInt8]()
        try inflater.feed(bytes) { output.append(contentsOf: $0) }
        try inflater.feed([], final: true) { output.append(contentsOf: $0) }
        return output
    }
}
