/// Why a JSON-RPC request to a node failed.
public enum RPCError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The endpoint is not a usable `ws://` or `wss://` URL.
    case invalidEndpoint(String)
    /// Could not connect (after the configured attempts).
    case connectFailed(endpoint: String, reason: String)
    /// The connection dropped while the request was in flight; it may or may not have run.
    case connectionLost(method: String)
    /// No answer within the read deadline.
    case timedOut(method: String, seconds: Double)
    /// The node answered with a JSON-RPC error.
    case server(method: String, code: Int64, message: String)
    /// Too many requests are waiting for answers; the caller should slow down.
    case tooManyPending(limit: Int)
    /// The node's answer is not what the method returns.
    case unexpectedResult(method: String, detail: String)
    /// The client was closed.
    case closed

    public var description: String {
        switch self {
        case let .invalidEndpoint(text): "subtensor endpoint \(text): must be a ws:// or wss:// URL"
        case let .connectFailed(endpoint, reason): "could not connect to \(endpoint): \(reason)"
        case let .connectionLost(method): "connection to the node dropped while waiting for \(method)"
        case let .timedOut(method, seconds): "\(method): no answer from the node within \(seconds) s"
        case let .server(method, code, message): "\(method): node error \(code): \(message)"
        case let .tooManyPending(limit): "more than \(limit) requests are waiting for the node; refusing another"
        case let .unexpectedResult(method, detail): "\(method): unexpected answer: \(detail)"
        case .closed: "the subtensor connection was closed"
        }
    }
}
