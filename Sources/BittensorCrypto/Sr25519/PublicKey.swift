/// A 32-byte sr25519 public key, which is also the account id (`AccountId32`) on the chain.
public struct PublicKey: Sendable, Hashable {
    /// The ristretto255 encoding of the public point.
    public let bytes: [UInt8]

    /// Wraps `bytes`. Any 32 bytes are an account id; whether they are a valid curve point is
    /// checked by ``verify(signature:message:)``, which rejects signatures for invalid points.
    public init(bytes: [UInt8]) throws(KeyError) {
        guard bytes.count == 32 else { throw .invalidLength(field: "publicKey", expected: [32], actual: bytes.count) }
        self.bytes = bytes
    }

    init(checkedBytes bytes: [UInt8]) {
        precondition(bytes.count == 32)
        self.bytes = bytes
    }

    /// The key behind a Bittensor (prefix 42) SS58 address.
    public init(ss58Address: String) throws(SS58Error) {
        bytes = try SS58.decode(ss58Address)
    }

    /// The SS58 address under Bittensor's prefix 42.
    public var ss58Address: String { SS58.encode(bytes) }

    /// Verifies an sr25519 signature over `message` under the signing context `substrate`.
    ///
    /// Rejects, as schnorrkel does: a signature that is not 64 bytes, one without the
    /// schnorrkel marker bit (bit 7 of byte 63), a non-canonical `s` (≥ ℓ) and a public key
    /// that is not a valid ristretto255 encoding. Also rejects the identity as a public key:
    /// it has no secret, and any `(R = s·B, s)` would verify for it.
    public func verify(signature: [UInt8], message: [UInt8]) -> Bool {
        guard signature.count == 64, signature[63] & 0x80 != 0 else { return false }
        var sBytes = Array(signature[32..<64])
        sBytes[31] &= 0x7F
        guard let s = Scalar25519(canonical: sBytes) else { return false }
        guard !bytes.allSatisfy({ $0 == 0 }), let point = EdwardsPoint(ristretto: bytes) else { return false }
        let commitment = Array(signature[0..<32])
        let k = SigningTranscript.challenge(message: message, publicKey: bytes, commitment: commitment)
        // R' = s·B − k·A, in variable time: every input here is public.
        let expected = VartimeDoubleBaseMultiplication.compute(a: k, point: point.negated, b: s)
        return expected.ristrettoEncoding == commitment
    }

    /// Verifies like bittensor-wallet's `Keypair.verify`: the raw message first, then the
    /// message wrapped in `<Bytes>…</Bytes>` as polkadot.js extensions sign it. (The axon calls
    /// this per request: a `Keypair` would encode its SS58 address first.)
    public func verifyLikeWallet(_ message: [UInt8], signature: [UInt8]) -> Bool {
        if verify(signature: signature, message: message) { return true }
        let wrapped = Array("<Bytes>".utf8) + message + Array("</Bytes>".utf8)
        return verify(signature: signature, message: wrapped)
    }
}
