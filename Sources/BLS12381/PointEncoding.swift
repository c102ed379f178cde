// The zcash encoding of BLS12-381 points, which arkworks, drand and py_ecc share: the x
// coordinate big-endian (for G2, x.c1 then x.c0), with three flags in the top bits of the first
// byte: 0x80 compressed, 0x40 infinity, 0x20 "y is the larger of ±y".

private let compressedFlag: UInt8 = 0x80
private let infinityFlag: UInt8 = 0x40
private let signFlag: UInt8 = 0x20

extension AffinePoint where Curve == G1Curve {
    /// 48 bytes.
    public var compressed: [UInt8] {
        guard !isInfinity else { return [compressedFlag | infinityFlag] + [UInt8](repeating: 0, count: 47) }
        var bytes = x.bigEndianBytes
        bytes[0] |= compressedFlag | (y.isLexicographicallyLargest ? signFlag : 0)
        return bytes
    }

    /// Decodes a compressed G1 point and checks that it lies in the prime-order subgroup.
    /// `field` names the value in errors ("signature", "beacon.signature").
    public init(compressed bytes: some Collection<UInt8>, field: String) throws(PointEncodingError) {
        let bytes = Array(bytes)
        guard bytes.count == 48 else { throw .wrongLength(field: field, expected: 48, actual: bytes.count) }
        guard let flags = try decodeFlags(bytes, field: field) else { self = .infinity; return }
        var xBytes = bytes
        xBytes[0] &= 0x1f
        guard let x = Fp(bigEndian: xBytes) else { throw .coordinateNotCanonical(field: field) }
        guard var y = (x.square() * x + G1Curve.b).squareRoot() else { throw .notOnCurve(field: field) }
        if y.isLexicographicallyLargest != flags { y = -y }
        self.init(x: x, y: y)
        guard isInSubgroup else { throw .notInSubgroup(field: field) }
    }
}

extension AffinePoint where Curve == G2Curve {
    /// 96 bytes.
    public var compressed: [UInt8] {
        guard !isInfinity else { return [compressedFlag | infinityFlag] + [UInt8](repeating: 0, count: 95) }
        var bytes = x.c1.bigEndianBytes + x.c0.bigEndianBytes
        bytes[0] |= compressedFlag | (y.isLexicographicallyLargest ? signFlag : 0)
        return bytes
    }

    /// Decodes a compressed G2 point and checks that it lies in the prime-order subgroup.
    public init(compressed bytes: some Collection<UInt8>, field: String) throws(PointEncodingError) {
        let bytes = Array(bytes)
        guard bytes.count == 96 else { throw .wrongLength(field: field, expected: 96, actual: bytes.count) }
        guard let flags = try decodeFlags(bytes, field: field) else { self = .infinity; return }
        var c1Bytes = Array(bytes[0..<48])
        c1Bytes[0] &= 0x1f
        guard let c1 = Fp(bigEndian: c1Bytes), let c0 = Fp(bigEndian: bytes[48..<96]) else {
            throw .coordinateNotCanonical(field: field)
        }
        let x = Fp2(c0, c1)
        guard var y = (x.square() * x + G2Curve.b).squareRoot() else { throw .notOnCurve(field: field) }
        if y.isLexicographicallyLargest != flags { y = -y }
        self.init(x: x, y: y)
        guard isInSubgroup else { throw .notInSubgroup(field: field) }
    }
}

/// The sign flag of a compressed encoding, or nil for a well-formed point at infinity.
private func decodeFlags(_ bytes: [UInt8], field: String) throws(PointEncodingError) -> Bool? {
    let first = bytes[0]
    guard first & compressedFlag != 0 else { throw .notCompressed(field: field) }
    if first & infinityFlag != 0 {
        guard first & ~(compressedFlag | infinityFlag) == 0, bytes.dropFirst().allSatisfy({ $0 == 0 }) else {
            throw .malformedInfinity(field: field)
        }
        return nil
    }
    return first & signFlag != 0
}

extension Fp12 {
    /// arkworks' serialization of an Fp12 (and of a pairing output): c0 before c1 at every
    /// level of the tower, each Fp as 48 little-endian bytes; 576 bytes.
    public var arkworksBytes: [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(576)
        for half in [c0, c1] {
            for coefficient in [half.c0, half.c1, half.c2] {
                bytes += coefficient.c0.littleEndianBytes
                bytes += coefficient.c1.littleEndianBytes
            }
        }
        return bytes
    }
}
