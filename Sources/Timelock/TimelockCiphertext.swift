import BLS12381

/// A timelock ciphertext as the `tle` crate serializes it with ark-serialize (compressed), which
/// is what subtensor stores and decrypts:
///
///     U            G2 point, 96 bytes compressed (r·g2)
///     V            u64 LE length 32 ‖ 32 bytes     (σ ⊕ H(e(Q_round, P_pub)^r))
///     W            u64 LE length 32 ‖ 32 bytes     (key ⊕ SHA-256(σ))
///     body         u64 LE length ‖ AES-GCM output: u64 LE length ‖ ciphertext ‖ 16-byte tag,
///                                                  u64 LE length 12 ‖ 12-byte nonce
///     cipher suite u64 LE length 8 ‖ "AES_GCM_"
public struct TimelockCiphertext: Sendable, Equatable {
    public var u: G2Affine
    public var v: [UInt8]
    public var w: [UInt8]
    /// AES-256-GCM ciphertext followed by its 16-byte tag.
    public var sealed: [UInt8]
    public var nonce: [UInt8]

    static let cipherSuite = Array("AES_GCM_".utf8)
    /// Subtensor bounds a commit at 5 000 bytes; nothing larger is parsed.
    public static let maximumLength = 5_000

    public init(u: G2Affine, v: [UInt8], w: [UInt8], sealed: [UInt8], nonce: [UInt8]) {
        self.u = u; self.v = v; self.w = w; self.sealed = sealed; self.nonce = nonce
    }

    public var bytes: [UInt8] {
        var out = u.compressed
        appendVector(v, to: &out)
        appendVector(w, to: &out)
        var body = [UInt8]()
        appendVector(sealed, to: &body)
        appendVector(nonce, to: &body)
        appendVector(body, to: &out)
        appendVector(Self.cipherSuite, to: &out)
        return out
    }

    /// Parses bytes from outside, in one pass with every length checked against what is left
    /// before anything is copied; U must be a point of G2's prime-order subgroup.
    public init(bytes: [UInt8]) throws(TimelockError) {
        guard bytes.count <= Self.maximumLength else {
            throw .malformedCiphertext(
                field: "ciphertext", offset: 0, reason: "\(bytes.count) bytes, more than the \(Self.maximumLength) a commit may hold")
        }
        var reader = ByteReader(bytes)
        let uBytes = try reader.take(96, field: "U")
        do { u = try G2Affine(compressed: uBytes, field: "U") } catch { throw .invalidPoint(error) }
        guard !u.isInfinity else { throw .invalidPoint(.pointAtInfinity(field: "U")) }
        v = try reader.vector(field: "V", exactly: 32)
        w = try reader.vector(field: "W", exactly: 32)
        let body = try reader.vector(field: "body")
        var inner = ByteReader(body, base: reader.offset - body.count)
        sealed = try inner.vector(field: "body.ciphertext")
        guard sealed.count >= 16 else {
            throw .malformedCiphertext(
                field: "body.ciphertext", offset: inner.offset, reason: "\(sealed.count) bytes, shorter than the 16-byte tag")
        }
        nonce = try inner.vector(field: "body.nonce", exactly: 12)
        try inner.expectEnd(field: "body")
        let suite = try reader.vector(field: "cipher_suite")
        guard suite == Self.cipherSuite else {
            throw .malformedCiphertext(field: "cipher_suite", offset: reader.offset - suite.count, reason: "not AES_GCM_")
        }
        try reader.expectEnd(field: "ciphertext")
    }
}

private func appendVector(_ bytes: [UInt8], to out: inout [UInt8]) {
    let length = UInt64(bytes.count)
    for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: length >> UInt64(shift))) }
    out += bytes
}

/// Reads ark-serialize's layout: fixed fields and vectors prefixed with a u64 LE length.
private struct ByteReader {
    let bytes: [UInt8]
    let base: Int
    var position = 0

    init(_ bytes: [UInt8], base: Int = 0) { self.bytes = bytes; self.base = base }

    var offset: Int { base + position }

    mutating func take(_ count: Int, field: String) throws(TimelockError) -> [UInt8] {
        guard count <= bytes.count - position else {
            throw .malformedCiphertext(field: field, offset: offset, reason: "needs \(count) bytes, \(bytes.count - position) left")
        }
        defer { position += count }
        return Array(bytes[position..<position + count])
    }

    mutating func vector(field: String, exactly expected: Int? = nil) throws(TimelockError) -> [UInt8] {
        let prefix = try take(8, field: "\(field) length")
        let length = prefix.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let left = bytes.count - position
        guard length <= UInt64(left) else {
            throw .malformedCiphertext(field: field, offset: offset, reason: "length \(length) exceeds the \(left) bytes left")
        }
        if let expected, length != UInt64(expected) {
            throw .malformedCiphertext(field: field, offset: offset, reason: "length \(length), expected \(expected)")
        }
        return try take(Int(length), field: field)
    }

    func expectEnd(field: String) throws(TimelockError) {
        guard position == bytes.count else {
            throw .malformedCiphertext(field: field, offset: offset, reason: "\(bytes.count - position) bytes left over")
        }
    }
}
