/// What bounds every rental container, whatever its request left out: a renter is root in a
/// container on someone's machine, and the machine must survive them.
///
/// - Memory and CPUs default to a share of the machine when `device_requirement` omits them
///   (an omitted limit used to mean none: one container could take the host's memory).
/// - A process limit, so a fork bomb exhausts the container, not the host's PID space.
/// - `no-new-privileges`: setuid binaries cannot raise privileges inside the container.
/// - Capabilities a rental has no use for are dropped: `NET_RAW` (raw sockets: spoofing and
///   ARP games on the host's bridge), `MKNOD` (device nodes), `AUDIT_WRITE` (the host's audit log).
/// - A network of the rentals' own, which the host's firewall keeps off the host's services and
///   link-local addresses (cloud metadata holds the machine's credentials): the default bridge
///   routes a renter to both. `scripts/container-engine.sh` makes it and its rules; the miner
///   refuses to start when it is missing (``MinerService``).
public struct RentalLimits: Sendable, Equatable {
    /// The most processes (and threads) one container may hold.
    public var pidsLimit: Int
    /// The memory a rental gets when it names none, as a fraction of the machine's.
    public var defaultMemoryFraction: Double
    public var droppedCapabilities: [String]
    public var securityOptions: [String]
    /// The engine network every rental joins.
    public var network: String

    public init(
        pidsLimit: Int = RentalLimits.defaultPidsLimit, defaultMemoryFraction: Double = 0.75,
        droppedCapabilities: [String] = ["NET_RAW", "MKNOD", "AUDIT_WRITE"], securityOptions: [String] = ["no-new-privileges"],
        network: String = RentalLimits.defaultNetwork
    ) {
        self.network = network
        self.pidsLimit = pidsLimit
        self.defaultMemoryFraction = defaultMemoryFraction
        self.droppedCapabilities = droppedCapabilities
        self.securityOptions = securityOptions
    }

    /// Enough for data loaders and compilers with many threads, far below the kernel's PID space.
    public static let defaultPidsLimit = 8_192

    /// The network `scripts/container-engine.sh` makes (bridge `nicompute0`, 10.127.27.0/24).
    public static let defaultNetwork = "nicompute-rentals"

    /// The memory limit for a request of `asked` bytes (nil: not named) on `machine`.
    func memoryBytes(asked: Int?, machine: MachineSpecs) -> Int {
        if let asked { return asked }
        guard machine.memoryBytes > 0 else { return 0 }
        // memoryBytes comes from /proc/meminfo (at most 2⁶³ / 1024 kB): the product stays finite
        // and below Int.max, and the fraction is checked to lie in (0, 1].
        // Whole MiB: the kernel keeps limits in pages, so the engine reports what was asked.
        let share = (Int(Double(machine.memoryBytes) * defaultMemoryFraction) >> 20) << 20
        return max(ResourceRequest.minimumMemoryBytes, share)
    }

    /// The CPU limit for a request of `asked` CPUs: all of the machine's when not named.
    func cpuCount(asked: Int?, machine: MachineSpecs) -> Int { asked ?? max(1, machine.logicalCPUs) }
}
