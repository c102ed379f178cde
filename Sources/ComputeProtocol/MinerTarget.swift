import BittensorNetwork
import Subtensor

/// A miner as validators and the Register API call it: its uid (for logs and scores) and the
/// axon it serves.
public struct MinerTarget: Sendable, Equatable, Hashable {
    public var uid: Int
    public var hotkey: String
    public var ip: String
    public var port: Int

    public init(uid: Int, hotkey: String, ip: String, port: Int) {
        self.uid = uid
        self.hotkey = hotkey
        self.ip = ip
        self.port = port
    }

    /// The miner a metagraph entry describes (its served axon's address).
    public init(_ neuron: Neuron) {
        self.init(uid: neuron.uid, hotkey: neuron.hotkey, ip: neuron.axon.ip, port: neuron.axon.port)
    }

    /// Where a dendrite calls it.
    public var axon: AxonTarget { AxonTarget(ip: ip, port: port, hotkey: hotkey) }
}
