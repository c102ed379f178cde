import BittensorNetwork

/// What sends an `Allocate` to a miner and hands back its answer (transport failures inside,
/// as a dendrite reports them). A ``Dendrite`` in every service; the validator's unit tests
/// answer as scripted miners.
public protocol AllocateCaller: Sendable {
    func call(_ request: Allocate, to axon: AxonTarget, timeout: Double) async -> Allocate
}

extension Dendrite: AllocateCaller {}
