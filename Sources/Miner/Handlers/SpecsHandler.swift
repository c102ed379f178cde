import BittensorNetwork
import ComputeProtocol

/// Answers `Specs` with this machine's hardware in the reference's `specs` JSON shape, as text
/// in `specs_output` (the reference moved this to WandB; we serve it, so the Register API and
/// validators can read it from the miner itself).
public struct SpecsHandler: Sendable {
    private let specs: @Sendable () async -> MachineSpecs

    public init(specs: @escaping @Sendable () async -> MachineSpecs) { self.specs = specs }

    public func handle(_ request: Specs) async -> Specs {
        var response = request
        response.specsOutput = String(decoding: OrderedJSON.serialize(await specs().referenceJSON), as: UTF8.self)
        return response
    }
}
