import BLS12381

/// One round's pulse: the round number and the chain's BLS signature on it. Whoever holds it
/// can open every timelock ciphertext made for that round.
public struct DrandBeacon: Sendable, Equatable {
    public let round: UInt64
    public let signature: G1Affine

    /// Decodes a pulse from outside (a node, a file): the signature must be a compressed G1 point
    /// of the prime-order subgroup. This does not verify it: call ``verify(against:)``.
    public init(round: UInt64, signature bytes: [UInt8]) throws(TimelockError) {
        do {
            self.signature = try G1Affine(compressed: bytes, field: "beacon.signature")
        } catch {
            throw .invalidPoint(error)
        }
        self.round = round
    }

    public init(round: UInt64, signature: G1Affine) {
        self.round = round
        self.signature = signature
    }

    /// Checks e(signature, g2) = e(H(round), publicKey) with one shared final exponentiation.
    public func verify(against chain: DrandChain) throws(TimelockError) {
        guard round > 0 else { throw .beaconRejected(round: round, reason: "round 0 is never signed") }
        guard !signature.isInfinity else { throw .beaconRejected(round: round, reason: "the signature is the point at infinity") }
        let valid = Pairing.productIsOne([
            (signature, G2Prepared(-G2Affine.generator)),
            (DrandChain.identity(forRound: round), chain.preparedKey),
        ])
        guard valid else { throw .beaconRejected(round: round, reason: "the signature does not verify against the chain's public key") }
    }

    /// The signature's compressed encoding (48 bytes), as drand publishes it.
    public var signatureBytes: [UInt8] { signature.compressed }
}
