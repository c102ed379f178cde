import CSodium

/// An integer modulo ℓ = 2^252 + 27742317777372353535851937790883648493, the order of the
/// ristretto255 group, stored as 32 canonical little-endian bytes.
struct Scalar25519: Sendable, Equatable {
    /// Canonical little-endian encoding, always < ℓ.
    let bytes: [UInt8]

    static let zero = Scalar25519(unchecked: [UInt8](repeating: 0, count: 32))

    private init(unchecked bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The scalar whose canonical encoding is `bytes`; nil when `bytes` is not 32 bytes or
    /// encodes a value ≥ ℓ (schnorrkel rejects such scalars in signatures and secret keys).
    init?(canonical bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        let reduced = Self.reducing(wide: bytes + [UInt8](repeating: 0, count: 32))
        guard reduced.bytes == bytes else { return nil }
        self.bytes = bytes
    }

    /// `wide` (64 bytes, little-endian) reduced modulo ℓ, as `Scalar::from_bytes_mod_order_wide`.
    static func reducing(wide: [UInt8]) -> Scalar25519 {
        precondition(wide.count == 64, "wide scalar input must be 64 bytes")
        Sodium.ensureInitialized()
        var out = [UInt8](repeating: 0, count: 32)
        crypto_core_ristretto255_scalar_reduce(&out, wide)
        return Scalar25519(unchecked: out)
    }

    /// A 32-byte integer known to be < ℓ (an expanded key is < 2^252 < ℓ by construction).
    static func fromBelowOrder(_ bytes: [UInt8]) -> Scalar25519 {
        precondition(bytes.count == 32 && bytes[31] & 0xF0 == 0, "value is not below 2^252")
        return Scalar25519(unchecked: bytes)
    }

    var isZero: Bool { bytes.allSatisfy { $0 == 0 } }

    static func * (lhs: Scalar25519, rhs: Scalar25519) -> Scalar25519 {
        binary(lhs, rhs, crypto_core_ristretto255_scalar_mul)
    }

    static func + (lhs: Scalar25519, rhs: Scalar25519) -> Scalar25519 {
        binary(lhs, rhs, crypto_core_ristretto255_scalar_add)
    }

    private static func binary(
        _ lhs: Scalar25519,
        _ rhs: Scalar25519,
        _ operation: (UnsafeMutablePointer<UInt8>, UnsafePointer<UInt8>, UnsafePointer<UInt8>) -> Void
    ) -> Scalar25519 {
        Sodium.ensureInitialized()
        var out = [UInt8](repeating: 0, count: 32)
        operation(&out, lhs.bytes, rhs.bytes)
        return Scalar25519(unchecked: out)
    }
}
