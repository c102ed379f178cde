import BittensorCrypto
import HexCoding

/// A second signature that binds the fields a synapse acts on (``Synapse/boundFields``) to the
/// request, carried in the ``headerName`` header, for synapses whose Python class declares no
/// `required_hash_fields`.
///
/// bittensor signs `computed_body_hash`, a hash over the class's `required_hash_fields`. SN27's
/// `Allocate` declares none, so its signature covers no field: captured headers could be sent
/// again with any body. Declaring the fields ourselves would break both directions with the
/// reference (a Python axon recomputes the empty hash and refuses ours; a reference validator
/// signs the empty hash, which ours would refuse). So the bittensor signature stays as the
/// reference makes it, and our dendrite adds this one over the same nonce, hotkeys and uuid and
/// the hash of the bound fields. Python axons ignore headers they do not know
/// (`Synapse.parse_headers_to_inputs`); ours verifies it whenever it is present, so a request
/// from our validator or Register API cannot be replayed or relayed with another body. A request
/// without it (a reference dendrite) is served as the reference serves it, protected only by
/// the nonce rules.
public struct BodyBinding: Sendable, Equatable {
    /// The header: `0x` + hex of the dendrite hotkey's sr25519 signature over ``message``.
    public static let headerName = "nicompute-body-signature"

    public let nonce: Int
    public let dendriteHotkey: String
    public let axonHotkey: String
    public let uuid: String
    /// ``BodyHash`` over the bound fields' Python renderings, as `computed_body_hash` would be.
    public let boundHash: String

    public init(nonce: Int, dendriteHotkey: String, axonHotkey: String, uuid: String, boundHash: String) {
        self.nonce = nonce
        self.dendriteHotkey = dendriteHotkey
        self.axonHotkey = axonHotkey
        self.uuid = uuid
        self.boundHash = boundHash
    }

    /// The signed message. Its prefix keeps it from ever equalling a bittensor synapse message
    /// (which starts with the nonce's digits), so neither signature can stand in for the other.
    public var message: String {
        "nicompute-body/1.\(nonce).\(dendriteHotkey).\(axonHotkey).\(uuid).\(boundHash)"
    }

    /// The binding for `synapse` as prepared by a dendrite (terminals filled), or nil when the
    /// synapse binds no field or is not prepared.
    public static func of<S: Synapse>(_ synapse: S) -> BodyBinding? {
        guard !S.boundFields.isEmpty, let dendrite = synapse.common.dendrite, let nonce = dendrite.nonce,
            let hotkey = dendrite.hotkey, let uuid = dendrite.uuid, let axonHotkey = synapse.common.axon?.hotkey
        else { return nil }
        return BodyBinding(nonce: nonce, dendriteHotkey: hotkey, axonHotkey: axonHotkey, uuid: uuid, boundHash: synapse.boundHash)
    }

    /// The header for `synapse` signed with `keypair`, or nil when it binds no field.
    public static func header<S: Synapse>(for synapse: S, signedBy keypair: Keypair) -> (String, String)? {
        guard let binding = of(synapse), let signature = try? keypair.sign(Array(binding.message.utf8)) else { return nil }
        return (headerName, "0x" + Hex.encode(signature))
    }

    /// Whether `signature` (the header's text) is `publicKey`'s signature of ``message``.
    /// Linear in the header's length and bounded: longer text is not decoded at all.
    public func verifies(_ signature: String, publicKey: PublicKey) -> Bool {
        guard signature.utf8.count <= 130, let bytes = Hex.decode(signature), bytes.count == 64 else { return false }
        return publicKey.verifyLikeWallet(Array(message.utf8), signature: bytes)
    }
}
