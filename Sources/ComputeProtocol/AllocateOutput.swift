import BittensorNetwork

/// A miner's answer to `Allocate`, as the miner writes it and validators, the Register API and
/// the CLI read it: `{"status": bool, "info": …, "reason": …, "port": …}` in that key order.
///
/// - `status`: the request's answer (free, live, done).
/// - `info`: an allocation's credentials, sealed to the caller's key (``AllocationCredentials``).
/// - `reason`: why not, in words; ours, which reference clients ignore.
/// - `port`: the miner's SSH port, on every answer (the reference's miner sends it).
public struct AllocateOutput: Sendable, Equatable {
    public var status: Bool
    public var info: String?
    public var reason: String?
    public var port: Int?

    public init(status: Bool, info: String? = nil, reason: String? = nil, port: Int? = nil) {
        self.status = status
        self.info = info
        self.reason = reason
        self.port = port
    }

    /// Reads a miner's `output`. It comes from outside: only `true` in `status` is true, and a
    /// field of the wrong type (or a port outside 1…65 535) reads as absent.
    public init(_ json: JSONValue) {
        status = json["status"] == .bool(true)
        if case let .string(info)? = json["info"] { self.info = info }
        if case let .string(reason)? = json["reason"] { self.reason = reason }
        if case let .int(port)? = json["port"], (1...65_535).contains(port) { self.port = port }
        wireStatus =
            switch json["status"] {
            case let .bool(value)?: String(value)
            case nil: "missing"
            default: "not a boolean"
            }
    }

    /// How `status` read on the wire (nil for an answer made here), for messages about answers
    /// that are not `true`.
    private var wireStatus: String?

    /// Whether `status` was a boolean on the wire: a miner that answered the question at all.
    public var answered: Bool { wireStatus == nil || wireStatus == "true" || wireStatus == "false" }

    /// The wire form, keys in the miner's order.
    public var json: JSONValue {
        var pairs: [(String, JSONValue)] = [("status", .bool(status))]
        if let info { pairs.append(("info", .string(info))) }
        if let reason { pairs.append(("reason", .string(reason))) }
        if let port { pairs.append(("port", .int(port))) }
        return .object(pairs)
    }

    /// The miner's reason, or what its `status` said when it gave none.
    public var refusal: String { reason ?? "status \(wireStatus ?? String(status))" }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.status == rhs.status && lhs.info == rhs.info && lhs.reason == rhs.reason && lhs.port == rhs.port
    }
}

extension Allocate {
    /// The miner's answer, typed; setting it writes `output`.
    public var answer: AllocateOutput {
        get { AllocateOutput(output) }
        set { output = newValue.json }
    }

    /// Why a call did not succeed: the miner's reason when it answered (HTTP 200), else what
    /// the transport said (`HTTP 408: …`).
    public var failureReason: String {
        let code = common.dendrite?.statusCode ?? 0
        return code == 200 ? answer.refusal : "HTTP \(code): \(common.dendrite?.statusMessage ?? "no answer")"
    }
}
