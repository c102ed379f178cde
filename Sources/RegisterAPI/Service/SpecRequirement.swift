import BittensorNetwork

/// The reference's `DeviceRequirement` model (GB units, as its API takes them), checked.
public struct SpecRequirement: Sendable, Equatable {
    public var cpuCount = 1
    public var gpuType = "gpu"
    /// GB; 0 with an empty type means no GPU requirement.
    public var gpuSize = 3
    public var ramGB = 1
    public var hardDiskGB = 1
    public var timelineDays = 90

    public init() {}

    /// Parses the `requirements` object; every broken rule names its field.
    public static func parse(_ json: JSONValue?) throws(APIFailure) -> SpecRequirement {
        var requirement = SpecRequirement()
        guard let json else { return requirement }
        guard case .object = json else { throw validation("requirements", "must be an object") }
        // The maxima keep the units the miner is sent (GB << 30 bytes, GB × 1000 MB) inside an
        // Int, with room to spare over any machine that exists.
        requirement.cpuCount = try integer(json["cpu_count"], "cpu_count", default: 1, in: 1...65_536)
        requirement.gpuSize = try integer(json["gpu_size"], "gpu_size", default: 3, in: 0...1_000_000)
        requirement.ramGB = try integer(json["ram"], "ram", default: 1, in: 1...(1 << 24))
        requirement.hardDiskGB = try integer(json["hard_disk"], "hard_disk", default: 1, in: 0...(1 << 24))
        requirement.timelineDays = try integer(json["timeline"], "timeline", default: 90, in: 1...3_650)
        switch json["gpu_type"] {
        case nil, .null?: break
        case let .string(type)?: requirement.gpuType = type
        default: throw validation("gpu_type", "must be a string")
        }
        return requirement
    }

    /// The miner's `device_requirement`, as the reference builds it.
    public var deviceRequirement: JSONValue {
        let gpu: JSONValue =
            !gpuType.isEmpty && gpuSize != 0
            ? .object([("count", .int(1)), ("capacity", .int(gpuSize * 1000)), ("type", .string(gpuType))])
            : .object([])
        return .object([
            ("cpu", .object([("count", .int(cpuCount))])), ("gpu", gpu),
            ("hard_disk", .object([("capacity", .int(hardDiskGB << 30))])), ("ram", .object([("capacity", .int(ramGB << 30))])),
        ])
    }

    static func integer(_ value: JSONValue?, _ field: String, default fallback: Int, in range: ClosedRange<Int>) throws(APIFailure) -> Int {
        switch value {
        case nil, .null?: return fallback
        case let .int(number)?:
            guard number >= range.lowerBound else { throw validation(field, "must be at least \(range.lowerBound)") }
            guard number <= range.upperBound else { throw validation(field, "must be at most \(range.upperBound)") }
            return number
        default: throw validation(field, "value is not a valid integer")
        }
    }

    static func validation(_ field: String, _ message: String) -> APIFailure { .validation(field, message) }
}
