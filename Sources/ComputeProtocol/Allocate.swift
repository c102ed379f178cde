import BittensorNetwork

/// `Allocate` (compute/protocol.py): availability checks, allocation, deallocation and container
/// actions, distinguished by `checking`, `timeline` and `docker_change` (reference-inventory §1.3).
public struct Allocate: Synapse, Equatable {
    public static let name = "Allocate"

    /// The reference's default `docker_requirement` (v2.2 added the two port maps).
    public static let defaultDockerRequirement: JSONValue = .object([
        ("base_image", .string("ubuntu")), ("ssh_key", .string("")), ("ssh_port", .int(4444)),
        ("volume_path", .string("/tmp")), ("dockerfile", .string("")),
        ("external_ports", .object([])), ("external_user_ports", .object([])),
    ])
    /// The reference's default `docker_action`.
    public static let defaultDockerAction: JSONValue = .object([
        ("action", .string("")), ("ssh_key", .string("")), ("key_type", .string("")),
    ])

    public var common = SynapseCommon(name: Allocate.name)
    /// Days (the miner's reading); 0 or less means "release" or "is it mine".
    public var timeline = 0
    public var deviceRequirement: JSONValue = .object([])
    public var checking = true
    public var output: JSONValue = .object([])
    /// The renter's RSA public key (PEM).
    public var publicKey = ""
    public var dockerRequirement: JSONValue = Allocate.defaultDockerRequirement
    public var dockerChange = false
    public var dockerAction: JSONValue = Allocate.defaultDockerAction

    public init() {}

    /// Every field the miner acts on, bound to the request by our second signature
    /// (``BodyBinding``), so headers captured from our validator or Register API cannot be
    /// replayed or relayed with another body (a different key, timeline or action). Not
    /// `required_hash_fields`: the reference's `Allocate` declares none, and declaring them
    /// would break calls both ways between us and reference validators and miners. `output`
    /// is the answer, not part of the request.
    public static let boundFields = [
        CodingKeys.timeline.rawValue, CodingKeys.deviceRequirement.rawValue, CodingKeys.checking.rawValue,
        CodingKeys.publicKey.rawValue, CodingKeys.dockerRequirement.rawValue, CodingKeys.dockerChange.rawValue,
        CodingKeys.dockerAction.rawValue,
    ]

    /// The values as pydantic holds them (`int`, `bool`, `str`, and `dict`s in document order).
    public func pythonValue(forField field: String) -> PythonValue? {
        switch CodingKeys(rawValue: field) {
        case .timeline: .int(timeline)
        case .deviceRequirement: deviceRequirement.pythonValue
        case .checking: .bool(checking)
        case .output: output.pythonValue
        case .publicKey: .string(publicKey)
        case .dockerRequirement: dockerRequirement.pythonValue
        case .dockerChange: .bool(dockerChange)
        case .dockerAction: dockerAction.pythonValue
        case nil: nil
        }
    }

    enum CodingKeys: String, CodingKey {
        case timeline
        case deviceRequirement = "device_requirement"
        case checking, output
        case publicKey = "public_key"
        case dockerRequirement = "docker_requirement"
        case dockerChange = "docker_change"
        case dockerAction = "docker_action"
    }

    public var orderedFields: [String: JSONValue] {
        [
            CodingKeys.deviceRequirement.rawValue: deviceRequirement, CodingKeys.output.rawValue: output,
            CodingKeys.dockerRequirement.rawValue: dockerRequirement, CodingKeys.dockerAction.rawValue: dockerAction,
        ]
    }

    public mutating func adoptOrderedFields(from body: JSONValue) {
        deviceRequirement = body[CodingKeys.deviceRequirement.rawValue] ?? deviceRequirement
        output = body[CodingKeys.output.rawValue] ?? output
        dockerRequirement = body[CodingKeys.dockerRequirement.rawValue] ?? dockerRequirement
        dockerAction = body[CodingKeys.dockerAction.rawValue] ?? dockerAction
    }

    public init(from decoder: any Decoder) throws {
        common = try SynapseCommon(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        timeline = try container.decodeIfPresent(Int.self, forKey: .timeline) ?? 0
        deviceRequirement = try container.decodeIfPresent(JSONValue.self, forKey: .deviceRequirement) ?? .object([])
        checking = try container.decodeIfPresent(Bool.self, forKey: .checking) ?? true
        output = try container.decodeIfPresent(JSONValue.self, forKey: .output) ?? .object([])
        publicKey = try container.decodeIfPresent(String.self, forKey: .publicKey) ?? ""
        dockerRequirement = try container.decodeIfPresent(JSONValue.self, forKey: .dockerRequirement) ?? Self.defaultDockerRequirement
        dockerChange = try container.decodeIfPresent(Bool.self, forKey: .dockerChange) ?? false
        dockerAction = try container.decodeIfPresent(JSONValue.self, forKey: .dockerAction) ?? Self.defaultDockerAction
    }

    public func encode(to encoder: any Encoder) throws {
        try common.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(timeline, forKey: .timeline)
        try container.encode(deviceRequirement, forKey: .deviceRequirement)
        try container.encode(checking, forKey: .checking)
        try container.encode(output, forKey: .output)
        try container.encode(publicKey, forKey: .publicKey)
        try container.encode(dockerRequirement, forKey: .dockerRequirement)
        try container.encode(dockerChange, forKey: .dockerChange)
        try container.encode(dockerAction, forKey: .dockerAction)
    }
}
