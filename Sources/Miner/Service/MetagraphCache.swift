import Subtensor
import Synchronization

/// The latest metagraph, read by every admission decision without waiting on the chain; the
/// miner's refresh loop replaces it (the reference re-synced every 5 s, §6.3.39).
public final class MetagraphCache: Sendable {
    private let current = Mutex<Metagraph?>(nil)

    public init(_ metagraph: Metagraph? = nil) { current.withLock { $0 = metagraph } }

    public var metagraph: Metagraph? { current.withLock { $0 } }

    public func replace(with metagraph: Metagraph) { current.withLock { $0 = metagraph } }
}
