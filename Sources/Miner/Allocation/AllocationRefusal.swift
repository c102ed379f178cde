/// Why the miner said `status: false`, in words a caller can act on. Sent as `output.reason`.
public enum AllocationRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    /// A field of the request breaks a rule; the text names the field and the rule.
    case invalidRequest(String)
    /// Another allocation is live or being created.
    case busy
    /// The request asks for more than this machine has.
    case exceedsMachine(String)
    /// No live allocation matches.
    case notAllocated
    /// The public key or the caller's hotkey is not the allocation's.
    case notOwner(String)
    /// The container is not in a state that allows the action.
    case wrongState(String)
    /// The container engine failed; nothing was left behind.
    case engine(String)

    public var description: String {
        switch self {
        case let .invalidRequest(reason): reason
        case .busy: "this miner is already allocated or is creating an allocation"
        case let .exceedsMachine(reason): reason
        case .notAllocated: "no allocation is live on this miner"
        case let .notOwner(reason): reason
        case let .wrongState(reason): reason
        case let .engine(reason): "container engine: \(reason)"
        }
    }
}
