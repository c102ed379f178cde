extension Array where Element == UInt8 {
    /// The bytes in consecutive pieces of `size` (the last may be shorter): a stream as it
    /// arrives from a socket, for decoders fed a few bytes at a time.
    public func pieces(of size: Int) -> [ArraySlice<UInt8>] {
        precondition(size > 0, "pieces of at least one byte")
        return stride(from: 0, to: count, by: size).map { self[$0..<Swift.min(count, $0 + size)] }
    }
}
