import ComputeProtocol
import Subtensor

/// Which miners a validator tests: a served axon, not blacklisted (hotkey or coldkey, the
/// operator's lists and the known exploiters), at least the minimal miner version, and, when
/// `oneUIDPerIP` (v1.9.0's filter; v2.2 turned it off), one uid per IP, the first seen.
public struct QueryableFilter: Sendable {
    public var blacklistedHotkeys: Set<String>
    public var blacklistedColdkeys: Set<String>
    public var minimumVersion: Int
    public var oneUIDPerIP: Bool
    /// The validator itself is never tested.
    public var ownHotkey: String

    public init(
        blacklistedHotkeys: Set<String> = [], blacklistedColdkeys: Set<String> = [], minimumVersion: Int,
        oneUIDPerIP: Bool = false, ownHotkey: String
    ) {
        self.blacklistedHotkeys = blacklistedHotkeys
        self.blacklistedColdkeys = blacklistedColdkeys
        self.minimumVersion = minimumVersion
        self.oneUIDPerIP = oneUIDPerIP
        self.ownHotkey = ownHotkey
    }

    public func queryable(_ metagraph: Metagraph) -> [MinerTarget] {
        var seenIPs = Set<String>()
        var targets = [MinerTarget]()
        for neuron in metagraph.neurons.sorted(by: { $0.uid < $1.uid }) {
            guard neuron.axon.isServing, neuron.hotkey != ownHotkey,
                !blacklistedHotkeys.contains(neuron.hotkey), !blacklistedColdkeys.contains(neuron.coldkey),
                neuron.axon.version >= minimumVersion
            else { continue }
            if oneUIDPerIP {
                guard seenIPs.insert(neuron.axon.ip).inserted else { continue }
            }
            targets.append(MinerTarget(neuron))
        }
        return targets
    }
}
