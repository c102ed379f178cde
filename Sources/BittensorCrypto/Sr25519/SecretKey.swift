/// An expanded sr25519 secret key: the scalar key and the 32-byte nonce seed.
///
/// Its 64-byte form `key ‖ nonce` is the `privateKey` of a Bittensor keyfile (sp-core
/// `to_raw_vec`, schnorrkel `SecretKey::to_bytes`).
public struct SecretKey: Sendable {
    let key: Scalar25519
    let nonce: [UInt8]

    init(key: Scalar25519, nonce: [UInt8]) {
        self.key = key
        self.nonce = nonce
    }

    /// Parses the 64-byte `key ‖ nonce` form; the key must be a canonical scalar.
    public init(bytes: [UInt8]) throws(KeyError) {
        guard bytes.count == 64 else { throw .invalidLength(field: "privateKey", expected: [64], actual: bytes.count) }
        guard let key = Scalar25519(canonical: Array(bytes[0..<32])) else { throw .nonCanonicalScalar(field: "privateKey") }
        self.key = key
        self.nonce = Array(bytes[32..<64])
    }

    /// The 64-byte `key ‖ nonce` form.
    public var bytes: [UInt8] { key.bytes + nonce }

    /// The public key `key · B`.
    public var publicKey: PublicKey {
        // A 32-byte encoding always makes a valid PublicKey.
        PublicKey(checkedBytes: RistrettoPoint.base(times: key).encoding)
    }

    /// Signs `message` under the signing context `substrate`.
    ///
    /// The witness r comes, as in schnorrkel, from the transcript's RNG keyed with the secret
    /// nonce and 32 fresh bytes from the OS: two signatures of one message differ.
    public func sign(_ message: [UInt8], publicKey: PublicKey) -> [UInt8] {
        let transcript = SigningTranscript.beforeCommitment(message: message, publicKey: publicKey.bytes)
        let wide = transcript.witnessBytes(label: "signing", witness: nonce, randomness: Sodium.randomBytes(32), count: 64)
        return sign(message, publicKey: publicKey, witness: Scalar25519.reducing(wide: wide))
    }

    /// Signs with a given witness scalar: only for known-answer tests, never for real keys.
    func sign(_ message: [UInt8], publicKey: PublicKey, witness r: Scalar25519) -> [UInt8] {
        var transcript = SigningTranscript.beforeCommitment(message: message, publicKey: publicKey.bytes)
        let commitment = RistrettoPoint.base(times: r).encoding
        let k = SigningTranscript.challenge(after: &transcript, commitment: commitment)
        var s = (k * key + r).bytes
        s[31] |= 0x80  // schnorrkel's marker: tells sr25519 signatures from Ed25519 ones
        return commitment + s
    }

    /// sp-core's hard derivation (`//junction`): the mini secret of the derived key.
    func hardDerive(chainCode: [UInt8]) -> MiniSecretKey {
        var transcript = MerlinTranscript(label: "SchnorrRistrettoHDKD")
        transcript.append(label: "sign-bytes", message: [])
        transcript.append(label: "chain-code", message: chainCode)
        transcript.append(label: "secret-key", message: key.bytes)
        return MiniSecretKey(validated: transcript.challengeBytes(label: "HDKD-hard", count: 32))
    }
}
