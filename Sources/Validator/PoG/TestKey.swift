import _CryptoExtras

/// The RSA key that test allocations are sealed to: a miner encrypts its test container's
/// credentials to the public half, and the public half names the allocation in the liveness
/// and release requests that follow.
///
/// One key serves a whole round instead of one per miner: generating a 2048-bit key costs
/// 100–200 ms of CPU, which was most of the validator's work per miner. Sharing it within a round
/// gives a cheater nothing: the public half is no secret (every miner reads it in the validator's
/// signed request), the private half never leaves this process, and each miner's credentials
/// are its own ciphertext, opened only here. A miner cannot use the key to release or query
/// another miner's test either: those requests must carry the validator's signature. Each round
/// makes a fresh key, so a test container that outlives its round is not mistaken for the next.
public struct TestKey: Sendable {
    /// The public half as the reference sends it (SubjectPublicKeyInfo PEM).
    public let publicKeyPEM: String
    /// What ``AllocationCredentials/open(_:privateKeyPEM:)`` reads (PKCS#1 PEM).
    let privateKeyPEM: String

    init(_ privateKey: _RSA.Encryption.PrivateKey) {
        publicKeyPEM = privateKey.publicKey.pemRepresentation
        privateKeyPEM = privateKey.pemRepresentation
    }

    /// A fresh 2048-bit key, as the reference's validator makes per test.
    public static func generate() throws(PoGFailure) -> TestKey {
        do { return TestKey(try _RSA.Encryption.PrivateKey(keySize: .bits2048)) } catch { throw .allocationFailed("RSA key: \(error)") }
    }
}
