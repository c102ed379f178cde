import BittensorNetwork

/// `device_requirement`: what an `Allocate` asks the miner to set aside.
public struct DeviceRequirement: Sendable, Equatable {
    public var cpuCount: Int
    public var gpuCount: Int
    /// GPU memory in the reference's unit (0: any).
    public var gpuCapacity: Int
    /// A GPU model the miner must have ("": any).
    public var gpuType: String
    public var hardDiskBytes: Int
    public var ramBytes: Int
    /// A validator's Proof-of-GPU test (`"testing": true`), which the miner treats as such.
    public var testing: Bool

    public init(
        cpuCount: Int = 1, gpuCount: Int = 1, gpuCapacity: Int = 0, gpuType: String = "", hardDiskBytes: Int = 1 << 30,
        ramBytes: Int = 1 << 30, testing: Bool = false
    ) {
        self.cpuCount = cpuCount
        self.gpuCount = gpuCount
        self.gpuCapacity = gpuCapacity
        self.gpuType = gpuType
        self.hardDiskBytes = hardDiskBytes
        self.ramBytes = ramBytes
        self.testing = testing
    }

    /// The reference's small requirement (one CPU, one GPU of any kind, 1 GiB of disk and RAM):
    /// its validator's test allocation (`allocate_miner`, with `testing`) and its Register
    /// API's `allocate_hotkey` (without).
    public static func minimal(testing: Bool) -> DeviceRequirement { DeviceRequirement(testing: testing) }

    /// The wire form, keys in the reference's order.
    public var json: JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("cpu", .object([("count", .int(cpuCount))])),
            ("gpu", .object([("count", .int(gpuCount)), ("capacity", .int(gpuCapacity)), ("type", .string(gpuType))])),
            ("hard_disk", .object([("capacity", .int(hardDiskBytes))])),
            ("ram", .object([("capacity", .int(ramBytes))])),
        ]
        if testing { pairs.append(("testing", .bool(true))) }
        return .object(pairs)
    }
}
