import CLZMA

/// The .xz format with Debian's liblzma: the worker the validator uploads to a miner's test
/// container goes as .xz where the container has `xz` (half the bytes of gzip, so half the
/// encryption and copying per miner).
public enum XZ {
    /// Why liblzma refused: its return code and what it means.
    public struct Failure: Error, CustomStringConvertible {
        public let code: UInt32
        public let description: String

        /// liblzma's own refusal of `doing`.
        init(_ code: lzma_ret, _ doing: String) {
            self.code = code.rawValue
            description = "\(doing): \(Self.meaning(code)) (lzma_ret \(code.rawValue))"
        }

        /// A refusal of ours (a cap, trailing bytes), under the nearest liblzma code.
        init(_ code: lzma_ret, refusing description: String) {
            self.code = code.rawValue
            self.description = description
        }

        private static func meaning(_ code: lzma_ret) -> String {
            switch code {
            case LZMA_MEM_ERROR: "out of memory"
            case LZMA_MEMLIMIT_ERROR: "the stream needs more memory than allowed"
            case LZMA_FORMAT_ERROR: "not an .xz stream"
            case LZMA_OPTIONS_ERROR: "unsupported options"
            case LZMA_DATA_ERROR: "corrupt data"
            case LZMA_BUF_ERROR: "the stream is truncated"
            case LZMA_PROG_ERROR: "invalid arguments"
            default: "failed"
            }
        }
    }

    /// `bytes` as one .xz stream (CRC64 checked by every decoder) at LZMA2 `preset` (0 fastest …
    /// 9 smallest). With `x86Code`, the x86 BCJ filter runs first: for an x86-64 executable it
    /// takes about a tenth off the output.
    public static func compress(_ bytes: [UInt8], preset: UInt32 = 2, x86Code: Bool = false) throws(Failure) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: lzma_stream_buffer_bound(bytes.count))
        var written = 0
        let result = bytes.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                nicompute_xz_encode(source.baseAddress, source.count, target.baseAddress, &written, target.count, preset, x86Code ? 1 : 0)
            }
        }
        guard result == LZMA_OK else { throw Failure(result, "xz compression") }
        output.removeLast(output.count - written)
        return output
    }
}
