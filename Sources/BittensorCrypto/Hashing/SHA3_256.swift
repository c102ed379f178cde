/// SHA3-256 (FIPS 202): the body hash of Bittensor synapses.
public enum SHA3_256 {
    private static let rate = 136

    /// The 32-byte digest of `data`.
    public static func hash(_ data: some Sequence<UInt8>) -> [UInt8] {
        var state = KeccakState()
        return state.withBytes { st, permute in
            var position = 0
            for byte in data {
                st[position] ^= byte
                position += 1
                if position == rate {
                    permute()
                    position = 0
                }
            }
            st[position] ^= 0x06
            st[rate - 1] ^= 0x80
            permute()
            return Array(UnsafeBufferPointer(start: st, count: 32))
        }
    }
}
