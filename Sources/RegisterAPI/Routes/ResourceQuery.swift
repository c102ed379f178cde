import BittensorNetwork

/// The reference's optional `ResourceQuery` body of the resource listings: a substring of the
/// GPU name and minimum/maximum CPU count, GPU memory, disk and RAM (GiB, as listed).
struct ResourceQuery: Sendable, Hashable {
    var gpuName: String?
    var cpuCount: ClosedRange<Double> = -Double.infinity...Double.infinity
    var gpuCapacity: ClosedRange<Double> = -Double.infinity...Double.infinity
    var hardDisk: ClosedRange<Double> = -Double.infinity...Double.infinity
    var ram: ClosedRange<Double> = -Double.infinity...Double.infinity

    /// Reads the body; no body means no filter. Each broken field is named.
    static func parse(_ json: JSONValue?) throws(APIFailure) -> ResourceQuery {
        var query = ResourceQuery()
        guard let json else { return query }
        guard case .object = json else { throw .validation("body", "Input should be a valid ResourceQuery object") }
        switch json["gpu_name"] {
        case nil, .null?: break
        case let .string(name)?: query.gpuName = name.lowercased()
        default: throw .validation("gpu_name", "Input should be a valid string")
        }
        query.cpuCount = try range(json, "cpu_count_min", "cpu_count_max")
        query.gpuCapacity = try range(json, "gpu_capacity_min", "gpu_capacity_max")
        query.hardDisk = try range(json, "hard_disk_total_min", "hard_disk_total_max")
        query.ram = try range(json, "ram_total_min", "ram_total_max")
        return query
    }

    /// Whether `row` passes every filter given.
    func admits(_ row: ResourceRow) -> Bool {
        if let gpuName, !row.gpuName.contains(gpuName) { return false }
        return cpuCount.contains(Double(row.cpuCount)) && gpuCapacity.contains(row.gpuCapacity ?? 0)
            && hardDisk.contains(row.hardDisk ?? 0) && ram.contains(row.ram ?? 0)
    }

    private static func range(_ json: JSONValue, _ low: String, _ high: String) throws(APIFailure) -> ClosedRange<Double> {
        let minimum = try number(json, low) ?? -Double.infinity, maximum = try number(json, high) ?? Double.infinity
        guard minimum <= maximum else { throw .validation(high, "must be at least \(low)") }
        return minimum...maximum
    }

    private static func number(_ json: JSONValue, _ field: String) throws(APIFailure) -> Double? {
        switch json[field] {
        case nil, .null?: nil
        case let .int(value)?: Double(value)
        case let .double(value)? where value.isFinite: value
        default: throw .validation(field, "Input should be a valid number")
        }
    }
}

/// One miner as the resource listings show it (the reference's `Resource`), before rendering.
struct ResourceRow: Sendable {
    var hotkey: String
    var cpuCount: Int
    var gpuName: String
    /// GiB, two decimals; nil when the miner's Specs answer did not say.
    var gpuCapacity: Double?
    var gpuCount: Int
    var ram: Double?
    var hardDisk: Double?
    var reserved: Bool

    var json: JSONValue {
        .object([
            ("hotkey", .string(hotkey)), ("cpu_count", .int(cpuCount)), ("gpu_name", .string(gpuName)),
            ("gpu_capacity", Self.gib(gpuCapacity)), ("gpu_count", .int(gpuCount)), ("ram", Self.gib(ram)),
            ("hard_disk", Self.gib(hardDisk)), ("allocate_status", .string(reserved ? "reserved" : "available")),
        ])
    }

    /// Units as the reference shows them: GiB with two decimals, or "0" when unknown.
    static func gib(_ value: Double?) -> JSONValue {
        guard let value, value > 0 else { return .string("0") }
        return .double(value)
    }

    /// `value / divisor` rounded to two decimals; nil for unknown or zero.
    static func gib(_ value: Int?, divisor: Int) -> Double? {
        guard let value, value > 0 else { return nil }
        return (Double(value) / Double(divisor) * 100).rounded() / 100
    }
}
