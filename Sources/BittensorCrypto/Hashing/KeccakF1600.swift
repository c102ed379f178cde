/// The Keccak-f[1600] permutation (FIPS 202), the core of SHA3-256 and of STROBE-128.
///
/// The state is 25 little-endian 64-bit lanes, lane (x, y) at index x + 5·y.
enum KeccakF1600 {
    static let roundConstants: [UInt64] = [
        0x0000_0000_0000_0001, 0x0000_0000_0000_8082, 0x8000_0000_0000_808A, 0x8000_0000_8000_8000,
        0x0000_0000_0000_808B, 0x0000_0000_8000_0001, 0x8000_0000_8000_8081, 0x8000_0000_0000_8009,
        0x0000_0000_0000_008A, 0x0000_0000_0000_0088, 0x0000_0000_8000_8009, 0x0000_0000_8000_000A,
        0x0000_0000_8000_808B, 0x8000_0000_0000_008B, 0x8000_0000_0000_8089, 0x8000_0000_0000_8003,
        0x8000_0000_0000_8002, 0x8000_0000_0000_0080, 0x0000_0000_0000_800A, 0x8000_0000_8000_000A,
        0x8000_0000_8000_8081, 0x8000_0000_0000_8080, 0x0000_0000_8000_0001, 0x8000_0000_8000_8008,
    ]

    /// Applies the 24 rounds in place to the 25 lanes at `a`.
    @inline(__always)
    static func permute(_ a: UnsafeMutablePointer<UInt64>) {
        // Locals instead of arrays keep the whole state in registers and the loop free of
        // bounds checks; the round body is θ, ρ+π, χ, ι written out lane by lane.
        var a00 = a[0], a10 = a[1], a20 = a[2], a30 = a[3], a40 = a[4]
        var a01 = a[5], a11 = a[6], a21 = a[7], a31 = a[8], a41 = a[9]
        var a02 = a[10], a12 = a[11], a22 = a[12], a32 = a[13], a42 = a[14]
        var a03 = a[15], a13 = a[16], a23 = a[17], a33 = a[18], a43 = a[19]
        var a04 = a[20], a14 = a[21], a24 = a[22], a34 = a[23], a44 = a[24]

        for round in 0..<24 {
            // θ
            let c0 = a00 ^ a01 ^ a02 ^ a03 ^ a04
            let c1 = a10 ^ a11 ^ a12 ^ a13 ^ a14
            let c2 = a20 ^ a21 ^ a22 ^ a23 ^ a24
            let c3 = a30 ^ a31 ^ a32 ^ a33 ^ a34
            let c4 = a40 ^ a41 ^ a42 ^ a43 ^ a44
            let d0 = c4 ^ rotl(c1, 1)
            let d1 = c0 ^ rotl(c2, 1)
            let d2 = c1 ^ rotl(c3, 1)
            let d3 = c2 ^ rotl(c4, 1)
            let d4 = c3 ^ rotl(c0, 1)

            // ρ and π: B[y][2x+3y] = rotl(A[x][y] ^ D[x], r[x][y])
            let b00 = a00 ^ d0
            let b02 = rotl(a10 ^ d1, 1)
            let b04 = rotl(a20 ^ d2, 62)
            let b01 = rotl(a30 ^ d3, 28)
            let b03 = rotl(a40 ^ d4, 27)
            let b13 = rotl(a01 ^ d0, 36)
            let b10 = rotl(a11 ^ d1, 44)
            let b12 = rotl(a21 ^ d2, 6)
            let b14 = rotl(a31 ^ d3, 55)
            let b11 = rotl(a41 ^ d4, 20)
            let b21 = rotl(a02 ^ d0, 3)
            let b23 = rotl(a12 ^ d1, 10)
            let b20 = rotl(a22 ^ d2, 43)
            let b22 = rotl(a32 ^ d3, 25)
            let b24 = rotl(a42 ^ d4, 39)
            let b34 = rotl(a03 ^ d0, 41)
            let b31 = rotl(a13 ^ d1, 45)
            let b33 = rotl(a23 ^ d2, 15)
            let b30 = rotl(a33 ^ d3, 21)
            let b32 = rotl(a43 ^ d4, 8)
            let b42 = rotl(a04 ^ d0, 18)
            let b44 = rotl(a14 ^ d1, 2)
            let b41 = rotl(a24 ^ d2, 61)
            let b43 = rotl(a34 ^ d3, 56)
            let b40 = rotl(a44 ^ d4, 14)

            // χ (lanes named bXY hold B[x][y]) and ι
            a00 = b00 ^ (~b10 & b20) ^ roundConstants[round]
            a10 = b10 ^ (~b20 & b30)
            a20 = b20 ^ (~b30 & b40)
            a30 = b30 ^ (~b40 & b00)
            a40 = b40 ^ (~b00 & b10)
            a01 = b01 ^ (~b11 & b21)
            a11 = b11 ^ (~b21 & b31)
            a21 = b21 ^ (~b31 & b41)
            a31 = b31 ^ (~b41 & b01)
            a41 = b41 ^ (~b01 & b11)
            a02 = b02 ^ (~b12 & b22)
            a12 = b12 ^ (~b22 & b32)
            a22 = b22 ^ (~b32 & b42)
            a32 = b32 ^ (~b42 & b02)
            a42 = b42 ^ (~b02 & b12)
            a03 = b03 ^ (~b13 & b23)
            a13 = b13 ^ (~b23 & b33)
            a23 = b23 ^ (~b33 & b43)
            a33 = b33 ^ (~b43 & b03)
            a43 = b43 ^ (~b03 & b13)
            a04 = b04 ^ (~b14 & b24)
            a14 = b14 ^ (~b24 & b34)
            a24 = b24 ^ (~b34 & b44)
            a34 = b34 ^ (~b44 & b04)
            a44 = b44 ^ (~b04 & b14)
        }

        a[0] = a00; a[1] = a10; a[2] = a20; a[3] = a30; a[4] = a40
        a[5] = a01; a[6] = a11; a[7] = a21; a[8] = a31; a[9] = a41
        a[10] = a02; a[11] = a12; a[12] = a22; a[13] = a32; a[14] = a42
        a[15] = a03; a[16] = a13; a[17] = a23; a[18] = a33; a[19] = a43
        a[20] = a04; a[21] = a14; a[22] = a24; a[23] = a34; a[24] = a44
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ n: UInt64) -> UInt64 {
        (x &<< n) | (x &>> (64 &- n))
    }
}
