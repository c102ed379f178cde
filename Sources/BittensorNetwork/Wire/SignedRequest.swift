import BittensorCrypto
import HexCoding

/// The header values an axon needs to authenticate a request, each checked into the range the
/// axon accepts before anything else looks at them.
///
/// Every header is untrusted until the signature holds, so this is pure, cheap and linear in
/// the header's length: no arithmetic that can trap on an outside number, no lookups in shared
/// state. A value that cannot be right is refused here with the header's name and the rule,
/// so the costly signature check only runs on requests that could be genuine.
public struct SignedRequest: Sendable, Equatable {
    /// `bt_header_dendrite_nonce`: Unix-epoch nanoseconds, positive.
    public let nonce: Int
    /// `bt_header_dendrite_hotkey`: a valid SS58 address.
    public let hotkey: String
    /// `bt_header_dendrite_uuid`: printable ASCII, at most ``maximumUUIDLength`` bytes.
    public let uuid: String
    /// `bt_header_dendrite_signature`, decoded (64 bytes); nil when absent or not 64 bytes of
    /// hex, which the axon reports as a signature mismatch, as Python does.
    public let signature: [UInt8]?
    /// `computed_body_hash`: 64 lower-case hex digits.
    public let bodyHash: String
    /// `timeout`, in seconds: finite, 0 … ``maximumTimeout``.
    public let timeout: Double
    /// The hotkey's public key, decoded once.
    let publicKey: PublicKey

    /// The longest `timeout` header accepted (an hour). Larger values are refused, never
    /// clamped silently: no SN27 caller waits that long.
    public static let maximumTimeout = 3_600.0
    /// The longest uuid accepted; Python dendrites send 36 characters.
    public static let maximumUUIDLength = 128

    /// Checks the header-built synapse's fields: ``SignedRequestError/header(_:)`` for a
    /// malformed or out-of-range value (the axon answers 400), ``SignedRequestError/nonce(_:)``
    /// with `.missing` when there is no nonce (401, as Python's "Missing Nonce").
    public static func check(_ common: SynapseCommon) throws(SignedRequestError) -> SignedRequest {
        let dendrite = common.dendrite ?? TerminalInfo()
        guard let nonce = dendrite.nonce else { throw .nonce(.missing) }
        guard nonce > 0 else {
            throw .header(
                .outOfRange(
                    field: "bt_header_dendrite_nonce", value: String(nonce),
                    rule: "must be a positive integer (Unix-epoch nanoseconds)"))
        }
        let timeout = common.timeout ?? 12
        guard timeout.isFinite, timeout >= 0, timeout <= maximumTimeout else {
            throw .header(
                .outOfRange(
                    field: "timeout", value: PythonValue.floatRepr(timeout),
                    rule: "must be a finite number of seconds from 0 to \(PythonValue.floatRepr(maximumTimeout))"))
        }
        if let version = dendrite.version, version < 0 {
            throw .header(.outOfRange(field: "bt_header_dendrite_version", value: String(version), rule: "must not be negative"))
        }
        guard let hotkey = dendrite.hotkey else { throw .header(.missing("bt_header_dendrite_hotkey")) }
        // SS58 addresses are short; the bound keeps the decode below cheap.
        guard hotkey.utf8.count <= 64, let publicKey = try? PublicKey(ss58Address: hotkey) else {
            throw .header(.outOfRange(field: "bt_header_dendrite_hotkey", value: hotkey, rule: "is not an SS58 address"))
        }
        let uuid = dendrite.uuid ?? ""
        guard !uuid.isEmpty, uuid.utf8.count <= maximumUUIDLength, uuid.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw .header(
                .outOfRange(
                    field: "bt_header_dendrite_uuid", value: uuid,
                    rule: "must be 1 to \(maximumUUIDLength) printable ASCII characters"))
        }
        let bodyHash = common.computedBodyHash ?? ""
        guard bodyHash.utf8.count == 64, bodyHash.utf8.allSatisfy(Self.isLowerHex) else {
            throw .header(.outOfRange(field: "computed_body_hash", value: bodyHash, rule: "must be 64 lower-case hex digits (SHA3-256)"))
        }
        var signature: [UInt8]?
        // 0x + 128 hex digits; anything longer is not decoded at all.
        if let text = dendrite.signature, text.utf8.count <= 130, let bytes = Hex.decode(text), bytes.count == 64 {
            signature = bytes
        }
        return SignedRequest(
            nonce: nonce, hotkey: hotkey, uuid: uuid, signature: signature, bodyHash: bodyHash, timeout: timeout,
            publicKey: publicKey)
    }

    private static func isLowerHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }

    /// The message the dendrite signed, with this axon's own hotkey.
    public func message(axonHotkey: String) -> SynapseSignature {
        SynapseSignature(nonce: nonce, dendriteHotkey: hotkey, axonHotkey: axonHotkey, uuid: uuid, bodyHash: bodyHash)
    }

    /// Whether the signature is the dendrite hotkey's over the message for `axonHotkey`: the
    /// first costly step of the pipeline.
    public func verifies(axonHotkey: String) -> Bool {
        guard let signature else { return false }
        return publicKey.verifyLikeWallet(Array(message(axonHotkey: axonHotkey).message.utf8), signature: signature)
    }
}

/// Why ``SignedRequest/check(_:)`` refused a request.
public enum SignedRequestError: Error, Equatable, Sendable {
    /// A header that cannot be used, naming it and the rule.
    case header(SynapseHeaderError)
    /// A nonce rule (only `.missing` is decided here; freshness and replays come later).
    case nonce(NonceGuard.Rejection)
}
