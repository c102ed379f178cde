import BittensorNetwork
import ComputeProtocol

/// The snapshot behind `/list/resources_sql` and `/list/resources_wandb`, rebuilt only when
/// what it is made of changes: the metagraph or the validator's verified devices
/// (``MinerDirectory/generation``), the miners' hardware (``HardwareCatalog/generation``), or
/// the set of rented hotkeys (read from the store on each request, so that a rental made
/// through another instance behind the load balancer shows as reserved at once).
///
/// Concurrent requests that find it stale share one rebuild.
actor ResourceListing {
    /// What a snapshot was made from; a request whose inputs differ rebuilds it.
    struct Inputs: Equatable, Sendable {
        var directory: UInt64
        var hardware: UInt64
        var rented: Set<String>
    }

    private let directory: MinerDirectory
    private let hardware: HardwareCatalog
    private let store: any RentalStore
    private var snapshot: ResourceSnapshot?
    private var building: (inputs: Inputs, task: Task<ResourceSnapshot, Never>)?

    init(directory: MinerDirectory, hardware: HardwareCatalog, store: any RentalStore) {
        self.directory = directory
        self.hardware = hardware
        self.store = store
    }

    /// The snapshot for the inputs as they are now.
    func current() async -> ResourceSnapshot {
        // Both reload their sources when older than their reload interval, bumping their
        // generation only when the content changed.
        _ = await directory.verified()
        await hardware.reloadIfStale()
        let rented = Set(((try? await store.allRentals()) ?? []).map(\.hotkey))
        let inputs = Inputs(directory: directory.generation, hardware: hardware.generation, rented: rented)
        if let snapshot, snapshot.inputs == inputs { return snapshot }
        if let building, building.inputs == inputs { return await building.task.value }
        // Unstructured, so that a caller that goes away (its connection closed) does not
        // cancel the rebuild others wait for.
        let task = Task { [directory, hardware] in await Self.build(inputs, directory: directory, hardware: hardware) }
        building = (inputs, task)
        let built = await task.value
        if building?.inputs == inputs { building = nil }
        snapshot = built
        return built
    }

    /// Every served miner with a verified device, best score first, with its hardware from its
    /// own `Specs` answer (miners never asked are asked now).
    private static func build(_ inputs: Inputs, directory: MinerDirectory, hardware: HardwareCatalog) async -> ResourceSnapshot {
        let candidates = await directory.candidates(gpuType: "")
        let verified = await directory.verified()
        let specs = await hardware.specs(of: candidates.map(\.target))
        var available = [ResourceRow](), total = [ResourceRow]()
        available.reserveCapacity(candidates.count)
        total.reserveCapacity(candidates.count)
        for candidate in candidates {
            let hotkey = candidate.target.hotkey, machine = specs[hotkey]
            var row = ResourceRow(
                hotkey: hotkey, cpuCount: int(machine?["cpu"]?["count"]) ?? 0, gpuName: candidate.device.lowercased(),
                gpuCapacity: ResourceRow.gib(int(machine?["gpu"]?["capacity"]), divisor: 1024),
                gpuCount: verified[hotkey]?.count ?? 1, ram: ResourceRow.gib(int(machine?["ram"]?["available"]), divisor: 1 << 30),
                hardDisk: ResourceRow.gib(int(machine?["hard_disk"]?["free"]), divisor: 1 << 30), reserved: inputs.rented.contains(hotkey))
            available.append(row)
            row.ram = ResourceRow.gib(int(machine?["ram"]?["total"]), divisor: 1 << 30)
            total.append(row)
        }
        return ResourceSnapshot(inputs: inputs, available: available, total: total)
    }

    /// A whole number from a miner's answer: an integer, or a float with no fraction that fits.
    static func int(_ value: JSONValue?) -> Int? {
        switch value {
        case let .int(number)?: number
        case let .double(number)? where number.rounded() == number && abs(number) < 9e18: Int(number)
        default: nil
        }
    }
}
