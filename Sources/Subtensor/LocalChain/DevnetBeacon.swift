import BLS12381
import Timelock

/// The local chain's stand-in for drand: its own BLS12-381 key signing each round number exactly
/// as quicknet does (signature in G1 on the round's hashed identity, public key in G2), one round
/// per `period` seconds from the chain's genesis. Timelocked commits on the devnet are encrypted
/// to this key, and the chain decrypts them with the pulses it signs, so the devnet runs the same
/// encryption, pulse verification and decryption as the live chain.
struct DevnetBeacon: Sendable {
    let secret: Scalar
    let chain: DrandChain

    /// The beacon for a stored secret (32 bytes little-endian), or nil if it is not a scalar.
    init?(secret bytes: [UInt8], genesisTime: UInt64, period: UInt64) {
        guard let secret = Scalar(littleEndian: bytes), !secret.isZero else { return nil }
        self.secret = secret
        let key = G2Projective.generator.multiplied(by: secret).affine
        chain = DrandChain(publicKey: key, genesisTime: genesisTime, period: period, chainHash: "nicompute-devnet")
    }

    /// A fresh secret to store when a chain is created.
    static func newSecret() -> [UInt8] { Scalar.random().littleEndianBytes }

    /// The pulse of `round`: secret · H(round), as drand signs it.
    func pulse(round: UInt64) -> DrandBeacon {
        let identity = DrandChain.identity(forRound: round)
        return DrandBeacon(round: round, signature: identity.projective.multiplied(by: secret).affine)
    }
}
