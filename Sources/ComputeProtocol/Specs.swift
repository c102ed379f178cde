import BittensorNetwork

/// `Specs` (compute/protocol.py): a validator asks a miner for its hardware; the miner answers
/// in `specs_output` (JSON text of CPU, GPU, RAM and disk).
public struct Specs: Synapse, Equatable {
    public static let name = "Specs"

    public var common = SynapseCommon(name: Specs.name)
    public var specsInput = ""
    public var specsOutput = ""

    public init() {}

    enum CodingKeys: String, CodingKey {
        case specsInput = "specs_input"
        case specsOutput = "specs_output"
    }

    public init(from decoder: any Decoder) throws {
        common = try SynapseCommon(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        specsInput = try container.decodeIfPresent(String.self, forKey: .specsInput) ?? ""
        specsOutput = try container.decodeIfPresent(String.self, forKey: .specsOutput) ?? ""
    }

    public func encode(to encoder: any Encoder) throws {
        try common.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(specsInput, forKey: .specsInput)
        try container.encode(specsOutput, forKey: .specsOutput)
    }
}
