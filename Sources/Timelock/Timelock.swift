import BLS12381
import Crypto

/// Timelock encryption to a drand round: Boneh–Franklin FullIdent over BLS12-381 with the round's
/// identity, as the `tle` crate (TinyBLS381) does it for subtensor's commit-reveal. Whoever has the
/// round's beacon signature s·Q can decrypt; before the round nobody can.
///
/// Encryption, with a fresh 32-byte AES key k and σ:
/// 1. body = AES-256-GCM(k, random 12-byte nonce, plaintext, no associated data)
/// 2. r = SHA-256(σ ‖ k) reduced mod the group order; U = r·g2
/// 3. V = σ ⊕ SHA-256(e(Q_round, P_pub)^r as arkworks serializes GT)
/// 4. W = k ⊕ SHA-256(σ)
/// Decryption recomputes e(s·Q, U) = e(Q, P_pub)^r from the signature, recovers σ and k, and
/// refuses unless U = r·g2 (so altered V or W are detected before the AES tag).
public enum Timelock {
    public static func encrypt(_ plaintext: [UInt8], round: UInt64, chain: DrandChain = .quicknet) -> TimelockCiphertext {
        var generator = SystemRandomNumberGenerator()
        return encrypt(plaintext, round: round, chain: chain, using: &generator)
    }

    /// Encryption with the caller's randomness (tests pass a seeded generator).
    public static func encrypt(
        _ plaintext: [UInt8], round: UInt64, chain: DrandChain,
        using generator: inout some RandomNumberGenerator
    ) -> TimelockCiphertext {
        let key = randomBytes(32, using: &generator)
        let sigma = randomBytes(32, using: &generator)
        let nonceBytes = randomBytes(12, using: &generator)
        let sealed: [UInt8]
        do {
            let box = try AES.GCM.seal(plaintext, using: SymmetricKey(data: key), nonce: AES.GCM.Nonce(data: nonceBytes))
            sealed = Array(box.ciphertext) + Array(box.tag)
        } catch {
            // A 32-byte key and a 12-byte nonce are always accepted.
            preconditionFailure("AES-GCM refused a well-formed key and nonce: \(error)")
        }
        let r = Scalar(reducingBigEndian: sha256(sigma + key))
        let u = G2Projective.generator.multiplied(by: r).affine
        let mask = Pairing.finalExponentiation(
            Pairing.millerLoop([(DrandChain.identity(forRound: round), chain.preparedKey)])
        ).power(r)
        let v = xor(sigma, sha256(mask.arkworksBytes))
        let w = xor(key, sha256(sigma))
        return TimelockCiphertext(u: u, v: v, w: w, sealed: sealed, nonce: nonceBytes)
    }

    /// Opens a ciphertext with the beacon signature of its round. The signature should have been
    /// verified (``DrandBeacon/verify(against:)``); a wrong one fails here with a named error.
    public static func decrypt(_ ciphertext: TimelockCiphertext, signature: G1Affine) throws(TimelockError) -> [UInt8] {
        let mask = Pairing.pairing(signature, ciphertext.u)
        let sigma = xor(ciphertext.v, sha256(mask.arkworksBytes))
        let key = xor(ciphertext.w, sha256(sigma))
        let r = Scalar(reducingBigEndian: sha256(sigma + key))
        // r is no secret here: whoever holds the round's signature can recompute it.
        guard G2Projective.generator.multiplied(byPublic: r.limbs) == ciphertext.u.projective else {
            throw .decryptionFailed("U is not r·g2 for the recovered r: wrong round's signature, or altered V or W")
        }
        do {
            let box = try AES.GCM.SealedBox(
                nonce: AES.GCM.Nonce(data: ciphertext.nonce),
                ciphertext: ciphertext.sealed.dropLast(16), tag: ciphertext.sealed.suffix(16))
            return Array(try AES.GCM.open(box, using: SymmetricKey(data: key)))
        } catch {
            throw .decryptionFailed("the AES-GCM tag does not verify: the body was altered")
        }
    }

    /// Parses and opens ciphertext bytes from outside.
    public static func decrypt(_ bytes: [UInt8], signature: G1Affine) throws(TimelockError) -> [UInt8] {
        try decrypt(TimelockCiphertext(bytes: bytes), signature: signature)
    }
}

func sha256(_ bytes: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: bytes)) }

func xor(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] { zip(a, b).map { $0 ^ $1 } }

func randomBytes(_ count: Int, using generator: inout some RandomNumberGenerator) -> [UInt8] {
    (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
}
