import BLS12381
import HexCoding

/// A drand chain that signs each round's number with BLS12-381 ("bls-unchained-g1-rfc9380":
/// signatures in G1, the public key in G2), and when each round is published.
public struct DrandChain: Sendable {
    public let publicKey: G2Affine
    /// Unix time of round 1.
    public let genesisTime: UInt64
    /// Seconds between rounds.
    public let period: UInt64
    /// The chain's hash as drand names it, hex.
    public let chainHash: String
    /// The public key's Miller-loop lines, computed once: every verification and every
    /// encryption pairs with this key.
    let preparedKey: G2Prepared

    public init(publicKey: G2Affine, genesisTime: UInt64, period: UInt64, chainHash: String) {
        self.publicKey = publicKey
        self.preparedKey = G2Prepared(publicKey)
        self.genesisTime = genesisTime
        self.period = max(1, period)
        self.chainHash = chainHash
    }

    /// drand's quicknet, whose pulses subtensor's drand pallet stores and the SDKs encrypt to.
    public static let quicknet: DrandChain = {
        // A constant of the protocol; the test suite decodes it and verifies recorded beacons.
        guard
            let bytes = Hex.decode(
                "83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a"
            ),
            let key = try? G2Affine(compressed: bytes, field: "quicknet public key")
        else {
            preconditionFailure("quicknet's public key constant does not decode")
        }
        return DrandChain(
            publicKey: key, genesisTime: 1_692_803_367, period: 3,
            chainHash: "52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971")
    }()

    /// The latest round published at `unixTime` (0 before genesis).
    public func round(at unixTime: UInt64) -> UInt64 {
        unixTime < genesisTime ? 0 : (unixTime - genesisTime) / period + 1
    }

    /// When `round` is published; saturates rather than overflow for absurd rounds.
    public func time(of round: UInt64) -> UInt64 {
        guard round > 0 else { return genesisTime }
        let (offset, overflow) = (round - 1).multipliedReportingOverflow(by: period)
        let (time, overflow2) = genesisTime.addingReportingOverflow(offset)
        return overflow || overflow2 ? .max : time
    }

    /// What a round's signature signs: SHA-256 of the round number, 8 bytes big-endian.
    public static func message(forRound round: UInt64) -> [UInt8] {
        sha256((0..<8).map { UInt8(truncatingIfNeeded: round >> UInt64(56 - 8 * $0)) })
    }

    /// The round's identity point: the message hashed to G1 with drand's DST. It is what the
    /// round's signature is a multiple of, and what a timelock encrypts to.
    public static func identity(forRound round: UInt64) -> G1Affine {
        HashToG1.hash(message(forRound: round), dst: HashToG1.drandDST)
    }
}
