/// Substrate's `twox` hashes: concatenated XXH64 digests (little-endian) with seeds 0, 1, …;
/// `twox128` names pallets and storage items in storage keys, `twox64` is `Twox64Concat`.
public enum TwoX {
    /// `outputLength` (8, 16 or 32) bytes: one XXH64 per 8 bytes, seeded 0, 1, 2, 3.
    public static func hash(_ data: [UInt8], outputLength: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(outputLength)
        for seed in 0..<UInt64(max(outputLength / 8, 1)) {
            let digest = xxh64(data, seed: seed)
            for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: digest >> UInt64(shift))) }
        }
        return out
    }

    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    private static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
    private static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

    /// XXH64 as specified by its author (github.com/Cyan4973/xxHash, doc/xxhash_spec.md).
    public static func xxh64(_ data: [UInt8], seed: UInt64) -> UInt64 {
        func read64(_ at: Int) -> UInt64 {
            var value: UInt64 = 0
            for index in 0..<8 { value |= UInt64(data[at + index]) << (8 * UInt64(index)) }
            return value
        }
        func read32(_ at: Int) -> UInt64 {
            var value: UInt64 = 0
            for index in 0..<4 { value |= UInt64(data[at + index]) << (8 * UInt64(index)) }
            return value
        }
        func round(_ accumulator: UInt64, _ lane: UInt64) -> UInt64 {
            var acc = accumulator &+ lane &* prime2
            acc = (acc << 31) | (acc >> 33)
            return acc &* prime1
        }
        func merge(_ accumulator: UInt64, _ lane: UInt64) -> UInt64 {
            (accumulator ^ round(0, lane)) &* prime1 &+ prime4
        }
        var offset = 0
        var hash: UInt64
        if data.count >= 32 {
            var v1 = seed &+ prime1 &+ prime2
            var v2 = seed &+ prime2
            var v3 = seed
            var v4 = seed &- prime1
            while offset + 32 <= data.count {
                v1 = round(v1, read64(offset))
                v2 = round(v2, read64(offset + 8))
                v3 = round(v3, read64(offset + 16))
                v4 = round(v4, read64(offset + 24))
                offset += 32
            }
            hash = ((v1 << 1) | (v1 >> 63)) &+ ((v2 << 7) | (v2 >> 57)) &+ ((v3 << 12) | (v3 >> 52)) &+ ((v4 << 18) | (v4 >> 46))
            hash = merge(hash, v1)
            hash = merge(hash, v2)
            hash = merge(hash, v3)
            hash = merge(hash, v4)
        } else {
            hash = seed &+ prime5
        }
        hash &+= UInt64(data.count)
        while offset + 8 <= data.count {
            hash ^= round(0, read64(offset))
            hash = ((hash << 27) | (hash >> 37)) &* prime1 &+ prime4
            offset += 8
        }
        if offset + 4 <= data.count {
            hash ^= read32(offset) &* prime1
            hash = ((hash << 23) | (hash >> 41)) &* prime2 &+ prime3
            offset += 4
        }
        while offset < data.count {
            hash ^= UInt64(data[offset]) &* prime5
            hash = ((hash << 11) | (hash >> 53)) &* prime1
            offset += 1
        }
        hash ^= hash >> 33
        hash = hash &* prime2
        hash ^= hash >> 29
        hash = hash &* prime3
        hash ^= hash >> 32
        return hash
    }
}
