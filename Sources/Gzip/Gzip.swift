import CZlib

/// gzip (RFC 1952) with Debian's zlib: the Register API's `Content-Encoding: gzip` for listings
/// that are compressed once per snapshot and served many times.
public enum Gzip {
    /// Why zlib refused: its return code and message.
    public struct Failure: Error, CustomStringConvertible {
        public let code: Int32
        public let description: String
    }

    /// `bytes` as one gzip member at `level` (1 fastest … 9 smallest; 6 is zlib's default).
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        let started = nicompute_deflate_init_gzip(&stream, level)
        guard started == Z_OK else { throw Failure(code: started, description: "deflateInit2 failed (\(started))") }
        defer { deflateEnd(&stream) }
        // deflateBound is zlib's own worst case for this input (gzip header and trailer included).
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))))
        var input = bytes
        let result = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard result == Z_STREAM_END else {
            let message = stream.msg.map { String(cString: $0) } ?? "no message"
            throw Failure(code: result, description: "deflate did not finish (\(result)): \(message)")
        }
        output.removeLast(output.count - Int(stream.total_out))
        return output
    }
}
