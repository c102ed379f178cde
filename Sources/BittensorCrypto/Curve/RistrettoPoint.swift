import CSodium

/// A ristretto255 group element (RFC 9496) held in its canonical 32-byte encoding.
///
/// libsodium works on encodings, so every operation decodes its inputs, which also means an
/// invalid encoding can never reach the group arithmetic. Key generation and signing use
/// ``base(times:)`` (constant time, secret scalars); decoding, ``times(_:)`` and
/// ``subtracting(_:)`` are the independent libsodium oracle the tests hold the variable-time
/// verification arithmetic (``EdwardsPoint``) against.
struct RistrettoPoint: Sendable, Equatable {
    /// The canonical encoding.
    let encoding: [UInt8]

    /// The identity element; its encoding is 32 zero bytes.
    static let identity = RistrettoPoint(unchecked: [UInt8](repeating: 0, count: 32))

    private init(unchecked encoding: [UInt8]) {
        self.encoding = encoding
    }

    /// The point encoded by `bytes`; nil for a wrong length or a non-canonical or invalid
    /// encoding.
    init?(encoding bytes: [UInt8]) {
        // libsodium 1.0.18 ignores bit 255; RFC 9496 requires rejecting it.
        guard bytes.count == 32, bytes[31] & 0x80 == 0 else { return nil }
        Sodium.ensureInitialized()
        guard crypto_core_ristretto255_is_valid_point(bytes) == 1 else { return nil }
        self.encoding = bytes
    }

    var isIdentity: Bool { encoding.allSatisfy { $0 == 0 } }

    /// `scalar · B` for the ristretto255 base point B.
    static func base(times scalar: Scalar25519) -> RistrettoPoint {
        Sodium.ensureInitialized()
        var out = [UInt8](repeating: 0, count: 32)
        // libsodium reports a zero scalar (identity result) as failure; the identity is correct.
        let status = crypto_scalarmult_ristretto255_base(&out, scalar.bytes)
        return status == 0 ? RistrettoPoint(unchecked: out) : .identity
    }

    /// `scalar · self`.
    func times(_ scalar: Scalar25519) -> RistrettoPoint {
        guard !isIdentity else { return .identity }
        Sodium.ensureInitialized()
        var out = [UInt8](repeating: 0, count: 32)
        let status = crypto_scalarmult_ristretto255(&out, scalar.bytes, encoding)
        // The input was validated at construction, so failure can only mean an identity result.
        return status == 0 ? RistrettoPoint(unchecked: out) : .identity
    }

    /// `self − other`.
    func subtracting(_ other: RistrettoPoint) -> RistrettoPoint {
        Sodium.ensureInitialized()
        var out = [UInt8](repeating: 0, count: 32)
        let status = crypto_core_ristretto255_sub(&out, encoding, other.encoding)
        precondition(status == 0, "ristretto255_sub failed on validated points")
        return RistrettoPoint(unchecked: out)
    }
}
