/// The fields every bittensor `Synapse` has, before its own: name, timeout, sizes, the two
/// terminals and the (frozen, always empty in bodies) `computed_body_hash`.
public struct SynapseCommon: Codable, Sendable, Equatable {
    public var name: String?
    public var timeout: Double?
    public var totalSize: Int?
    public var headerSize: Int?
    public var dendrite: TerminalInfo?
    public var axon: TerminalInfo?
    public var computedBodyHash: String?

    public init(name: String? = nil, timeout: Double? = 12.0) {
        self.name = name
        self.timeout = timeout
        self.totalSize = 0
        self.headerSize = 0
        self.dendrite = TerminalInfo()
        self.axon = TerminalInfo()
        self.computedBodyHash = ""
    }

    enum CodingKeys: String, CodingKey {
        case name, timeout
        case totalSize = "total_size"
        case headerSize = "header_size"
        case dendrite, axon
        case computedBodyHash = "computed_body_hash"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        timeout = try container.decodeIfPresent(Double.self, forKey: .timeout)
        totalSize = try container.decodeIfPresent(Int.self, forKey: .totalSize)
        headerSize = try container.decodeIfPresent(Int.self, forKey: .headerSize)
        dendrite = try container.decodeIfPresent(TerminalInfo.self, forKey: .dendrite)
        axon = try container.decodeIfPresent(TerminalInfo.self, forKey: .axon)
        computedBodyHash = try container.decodeIfPresent(String.self, forKey: .computedBodyHash)
    }

    /// Every field, `null` included, as pydantic's `model_dump` has them.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(timeout, forKey: .timeout)
        try container.encode(totalSize, forKey: .totalSize)
        try container.encode(headerSize, forKey: .headerSize)
        try container.encode(dendrite, forKey: .dendrite)
        try container.encode(axon, forKey: .axon)
        try container.encode(computedBodyHash, forKey: .computedBodyHash)
    }
}
