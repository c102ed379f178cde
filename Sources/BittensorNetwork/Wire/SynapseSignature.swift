import BittensorCrypto
import HexCoding

/// What a dendrite signs and an axon verifies (bittensor 9/10):
/// `"{nonce}.{dendrite hotkey}.{axon hotkey}.{dendrite uuid}.{body hash}"`, UTF-8, sr25519 under
/// the `substrate` context, sent as `0x`-prefixed lower-case hex.
public struct SynapseSignature: Sendable, Equatable {
    public let nonce: Int
    public let dendriteHotkey: String
    public let axonHotkey: String
    public let uuid: String
    public let bodyHash: String

    public init(nonce: Int, dendriteHotkey: String, axonHotkey: String, uuid: String, bodyHash: String) {
        self.nonce = nonce
        self.dendriteHotkey = dendriteHotkey
        self.axonHotkey = axonHotkey
        self.uuid = uuid
        self.bodyHash = bodyHash
    }

    /// The signed message.
    public var message: String {
        "\(nonce).\(dendriteHotkey).\(axonHotkey).\(uuid).\(bodyHash)"
    }

    /// `0x` + hex of the dendrite's signature over ``message``.
    public func sign(with keypair: Keypair) throws -> String {
        "0x" + Hex.encode(try keypair.sign(Array(message.utf8)))
    }

    /// Whether `signature` (hex, with or without `0x`) is the dendrite hotkey's signature of
    /// ``message``; like bittensor-wallet, a `<Bytes>`-wrapped message is accepted too.
    public func verify(_ signature: String) -> Bool {
        guard let bytes = Hex.decode(signature), let key = try? PublicKey(ss58Address: dendriteHotkey) else { return false }
        return key.verifyLikeWallet(Array(message.utf8), signature: bytes)
    }
}
