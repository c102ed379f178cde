import BittensorNetwork

/// `device_requirement`, checked: what the container may use.
///
/// Shape: `{"cpu":{"count":int}, "gpu":{} | {"count":int,"capacity":MB,"type":str},
/// "hard_disk":{"capacity":bytes}, "ram":{"capacity":bytes}, "testing":bool}`; every section is
/// optional, a section that is present must be well formed.
public struct ResourceRequest: Sendable, Equatable {
    public var cpuCount: Int?
    public var memoryBytes: Int?
    public var diskBytes: Int?
    public var gpuCount: Int
    public var gpuCapacityMB: Int?
    public var gpuType: String?
    /// A validator's Proof-of-GPU container rather than a rental.
    public var testing: Bool

    public init(
        cpuCount: Int? = nil, memoryBytes: Int? = nil, diskBytes: Int? = nil, gpuCount: Int = 0,
        gpuCapacityMB: Int? = nil, gpuType: String? = nil, testing: Bool = false
    ) {
        self.cpuCount = cpuCount
        self.memoryBytes = memoryBytes
        self.diskBytes = diskBytes
        self.gpuCount = gpuCount
        self.gpuCapacityMB = gpuCapacityMB
        self.gpuType = gpuType
        self.testing = testing
    }

    /// Smallest memory limit we accept: below it sshd and a shell do not fit.
    public static let minimumMemoryBytes = 64 << 20

    public static func parse(_ json: JSONValue) throws(AllocationRefusal) -> ResourceRequest {
        guard case let .object(pairs) = json else {
            throw .invalidRequest("device_requirement: must be an object")
        }
        let known: Set = ["cpu", "gpu", "hard_disk", "ram", "testing"]
        if let unknown = pairs.map(\.0).first(where: { !known.contains($0) }) {
            throw .invalidRequest("device_requirement.\(unknown): unknown field (known: cpu, gpu, hard_disk, ram, testing)")
        }
        var request = ResourceRequest()
        if let cpu = json["cpu"] {
            request.cpuCount = try integer(cpu["count"], field: "device_requirement.cpu.count", minimum: 1, required: section(cpu, "cpu"))
        }
        if let ram = json["ram"] {
            request.memoryBytes = try integer(
                ram["capacity"], field: "device_requirement.ram.capacity", minimum: minimumMemoryBytes, required: section(ram, "ram"))
        }
        if let disk = json["hard_disk"] {
            request.diskBytes = try integer(
                disk["capacity"], field: "device_requirement.hard_disk.capacity", minimum: 0, required: section(disk, "hard_disk"))
        }
        if let gpu = json["gpu"] {
            _ = try section(gpu, "gpu")
            request.gpuCount = try integer(gpu["count"], field: "device_requirement.gpu.count", minimum: 0, required: false) ?? 0
            request.gpuCapacityMB = try integer(gpu["capacity"], field: "device_requirement.gpu.capacity", minimum: 0, required: false)
            switch gpu["type"] {
            case nil, .null: break
            case let .string(type): request.gpuType = type.isEmpty ? nil : type
            default: throw .invalidRequest("device_requirement.gpu.type: must be a string")
            }
        }
        switch json["testing"] {
        case nil, .null: break
        case let .bool(testing): request.testing = testing
        default: throw .invalidRequest("device_requirement.testing: must be true or false")
        }
        return request
    }

    /// Refuses a request that this machine cannot honour.
    public func check(against machine: MachineSpecs) throws(AllocationRefusal) {
        if let cpuCount, cpuCount > machine.logicalCPUs {
            throw .exceedsMachine("device_requirement.cpu.count: \(cpuCount) asked, this miner has \(machine.logicalCPUs) CPUs")
        }
        if let memoryBytes, machine.memoryBytes > 0, memoryBytes > machine.memoryBytes {
            throw .exceedsMachine("device_requirement.ram.capacity: \(memoryBytes) bytes asked, this miner has \(machine.memoryBytes)")
        }
        // A machine without GPUs (a CPU devnet miner) takes GPU requests and lets Proof-of-GPU
        // find out what it is; a GPU machine never hands out more GPUs than it has.
        if !machine.gpus.isEmpty, gpuCount > machine.gpus.count {
            throw .exceedsMachine("device_requirement.gpu.count: \(gpuCount) asked, this miner has \(machine.gpus.count) GPUs")
        }
    }

    private static func section(_ value: JSONValue, _ name: String) throws(AllocationRefusal) -> Bool {
        guard case let .object(pairs) = value else {
            throw .invalidRequest("device_requirement.\(name): must be an object")
        }
        return !pairs.isEmpty
    }

    /// A whole number (Python may send `2.0`), at least `minimum`.
    private static func integer(_ value: JSONValue?, field: String, minimum: Int, required: Bool) throws(AllocationRefusal) -> Int? {
        let number: Int
        switch value {
        case nil, .null?:
            if required { throw .invalidRequest("\(field): required") }
            return nil
        case let .int(int)?: number = int
        case let .double(double)? where double.rounded() == double && abs(double) < 9.0e18: number = Int(double)
        default: throw .invalidRequest("\(field): must be a whole number")
        }
        guard number >= minimum else { throw .invalidRequest("\(field): must be at least \(minimum)") }
        return number
    }
}
