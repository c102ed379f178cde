import BittensorCrypto
import HexCoding

/// `btauth/1`, the request signing of the bittensor 11 SDK (`bittensor.http_auth`): any HTTP
/// request signed with six `X-Bittensor-*` headers over
///
/// ```
/// btauth/1 \n scheme \n METHOD \n path?query \n sha256(body) hex \n nonce ns \n sender \n receiver or "-"
/// ```
///
/// Only sr25519 keys are supported here (bittensor-wallet keys); `ed25519` requests are
/// refused as an unsupported scheme rather than mis-verified.
public enum BTAuth {
    public static let version = "1"
    public static let scheme = "sr25519"
    /// Requests older than this are stale.
    public static let maximumAge = 10_000_000_000
    /// Requests this far in the future are stale.
    public static let allowedSkew = 2_000_000_000

    public enum Header {
        public static let version = "X-Bittensor-Version"
        public static let hotkey = "X-Bittensor-Hotkey"
        public static let nonce = "X-Bittensor-Nonce"
        public static let signature = "X-Bittensor-Signature"
        public static let crypto = "X-Bittensor-Crypto"
        public static let receiver = "X-Bittensor-Receiver"
    }

    /// The exact bytes that are signed.
    public static func payload(method: String, pathWithQuery: String, body: [UInt8], nonce: Int, sender: String, receiver: String?)
        -> [UInt8]
    {
        let lines = [
            "btauth/1", scheme, method.uppercased(), pathWithQuery, SHA256Hex.digest(body),
            String(nonce), sender, receiver ?? "-",
        ]
        return Array(lines.joined(separator: "\n").utf8)
    }

    /// The headers that sign a request from `keypair` to `receiver`.
    public static func sign(
        method: String, pathWithQuery: String, body: [UInt8], keypair: Keypair, receiver: String?, nonce: Int
    ) throws -> [(String, String)] {
        let message = payload(
            method: method, pathWithQuery: pathWithQuery, body: body, nonce: nonce,
            sender: keypair.ss58Address, receiver: receiver)
        var headers = [
            (Header.version, version), (Header.hotkey, keypair.ss58Address), (Header.nonce, String(nonce)),
            (Header.signature, "0x" + Hex.encode(try keypair.sign(message))),
        ]
        if let receiver { headers.append((Header.receiver, receiver)) }
        return headers
    }
}

/// Why a `btauth/1` request was refused; services map these to 401 or 403.
public enum BTAuthError: Error, Equatable, Sendable, CustomStringConvertible {
    case missingHeader(String)
    case malformedHeader(String)
    case unsupportedScheme(String)
    case wrongReceiver
    case staleRequest
    case badSignature
    case replayedRequest

    public var description: String {
        switch self {
        case let .missingHeader(name): "\(name): is required"
        case let .malformedHeader(name): "\(name): is malformed"
        case let .unsupportedScheme(scheme): "X-Bittensor-Crypto: '\(scheme)' is not supported (sr25519 only)"
        case .wrongReceiver: "X-Bittensor-Receiver: the request is addressed to another hotkey"
        case .staleRequest: "X-Bittensor-Nonce: the request is too old or too far in the future"
        case .badSignature: "X-Bittensor-Signature: does not verify"
        case .replayedRequest: "X-Bittensor-Nonce: this request was already processed"
        }
    }
}
