import BittensorCrypto
import HexCoding

/// Verifies `btauth/1` requests for one receiver, in the SDK's order: header shape, receiver
/// binding, freshness, signature, replay. Replays are remembered per (hotkey, nonce) for
/// ``retention`` (at least max age + skew) and then forgotten, so memory stays bounded.
public struct BTAuthVerifier: Sendable {
    public let receiver: String
    public let retention: Int
    private var seen: [String: Int] = [:]

    public init(receiver: String, retention: Int = 60_000_000_000) {
        precondition(retention >= BTAuth.maximumAge + BTAuth.allowedSkew, "retention must cover the freshness window")
        self.receiver = receiver
        self.retention = retention
    }

    /// Verifies a request; `headers` are matched case-insensitively. Returns the sender's SS58.
    public mutating func verify(
        method: String, pathWithQuery: String, body: [UInt8], headers: [(String, String)], now: Int
    ) throws(BTAuthError) -> String {
        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
        guard let version = header(BTAuth.Header.version) else { throw .missingHeader(BTAuth.Header.version) }
        guard version == BTAuth.version else { throw .malformedHeader(BTAuth.Header.version) }
        guard let sender = header(BTAuth.Header.hotkey) else { throw .missingHeader(BTAuth.Header.hotkey) }
        guard let publicKey = try? PublicKey(ss58Address: sender) else { throw .malformedHeader(BTAuth.Header.hotkey) }
        guard let nonceText = header(BTAuth.Header.nonce) else { throw .missingHeader(BTAuth.Header.nonce) }
        guard let nonce = Int(nonceText), nonce >= 0 else { throw .malformedHeader(BTAuth.Header.nonce) }
        guard let signatureText = header(BTAuth.Header.signature) else { throw .missingHeader(BTAuth.Header.signature) }
        guard let signature = Hex.decode(signatureText), signature.count == 64 else { throw .malformedHeader(BTAuth.Header.signature) }
        if let crypto = header(BTAuth.Header.crypto), !["sr25519", "SR25519", "1"].contains(crypto) {
            throw .unsupportedScheme(crypto)
        }
        guard let claimedReceiver = header(BTAuth.Header.receiver) else { throw .missingHeader(BTAuth.Header.receiver) }
        guard claimedReceiver == receiver else { throw .wrongReceiver }
        guard now - nonce <= BTAuth.maximumAge, nonce - now <= BTAuth.allowedSkew else { throw .staleRequest }
        let message = BTAuth.payload(
            method: method, pathWithQuery: pathWithQuery, body: body, nonce: nonce,
            sender: sender, receiver: claimedReceiver)
        guard publicKey.verifyLikeWallet(message, signature: signature) else { throw .badSignature }
        seen = seen.filter { now - $0.value < retention }
        let key = sender + ":" + String(nonce)
        guard seen[key] == nil else { throw .replayedRequest }
        seen[key] = nonce
        return sender
    }
}
