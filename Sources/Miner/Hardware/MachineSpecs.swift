import BittensorNetwork

/// What this machine has, as probed by ``HardwareProbe``.
public struct MachineSpecs: Sendable, Equatable {
    public struct GPU: Sendable, Equatable {
        public var name: String
        public var memoryMB: Int
        public var graphicsClockMHz: Int
        public var memoryClockMHz: Int

        public init(name: String, memoryMB: Int, graphicsClockMHz: Int = 0, memoryClockMHz: Int = 0) {
            self.name = name
            self.memoryMB = memoryMB
            self.graphicsClockMHz = graphicsClockMHz
            self.memoryClockMHz = memoryClockMHz
        }
    }

    public var logicalCPUs: Int
    public var physicalCPUs: Int
    public var cpuFrequencyMHz: Double
    public var memoryBytes: Int
    public var memoryAvailableBytes: Int
    public var memoryFreeBytes: Int
    public var swapTotalBytes: Int
    public var swapFreeBytes: Int
    public var diskTotalBytes: Int
    public var diskFreeBytes: Int
    public var gpus: [GPU]
    public var hasDocker: Bool

    public init(
        logicalCPUs: Int, physicalCPUs: Int, cpuFrequencyMHz: Double = 0, memoryBytes: Int, memoryAvailableBytes: Int = 0,
        memoryFreeBytes: Int = 0, swapTotalBytes: Int = 0, swapFreeBytes: Int = 0, diskTotalBytes: Int = 0,
        diskFreeBytes: Int = 0, gpus: [GPU] = [], hasDocker: Bool = false
    ) {
        self.logicalCPUs = logicalCPUs
        self.physicalCPUs = physicalCPUs
        self.cpuFrequencyMHz = cpuFrequencyMHz
        self.memoryBytes = memoryBytes
        self.memoryAvailableBytes = memoryAvailableBytes
        self.memoryFreeBytes = memoryFreeBytes
        self.swapTotalBytes = swapTotalBytes
        self.swapFreeBytes = swapFreeBytes
        self.diskTotalBytes = diskTotalBytes
        self.diskFreeBytes = diskFreeBytes
        self.gpus = gpus
        self.hasDocker = hasDocker
    }

    /// The reference's `specs` JSON (`get_perf_info`, reference-inventory §3.10), which the
    /// Register API and validators read. The disk and RAM speed tests are left out: the
    /// reference wrote a 100 MB file every 30 minutes to measure them, and nothing scores them.
    public var referenceJSON: JSONValue {
        .object([
            ("cpu", .object([("count", .int(physicalCPUs)), ("frequency", .double(cpuFrequencyMHz))])),
            (
                "gpu",
                gpus.isEmpty
                    ? .object([("count", .int(0)), ("capacity", .int(0)), ("details", .array([]))])
                    : .object([
                        ("count", .int(gpus.count)),
                        ("capacity", .int(gpus.reduce(0) { $0 + $1.memoryMB })),
                        ("details", .array(gpus.map { .object([("name", .string($0.name)), ("capacity", .int($0.memoryMB))]) })),
                        ("graphics_speed", .int(gpus[0].graphicsClockMHz)),
                        ("memory_speed", .int(gpus[0].memoryClockMHz)),
                    ])
            ),
            (
                "hard_disk",
                .object([
                    ("total", .int(diskTotalBytes)), ("free", .int(diskFreeBytes)), ("used", .int(max(0, diskTotalBytes - diskFreeBytes))),
                ])
            ),
            (
                "ram",
                .object([
                    ("total", .int(memoryBytes)), ("available", .int(memoryAvailableBytes)),
                    ("used", .int(max(0, memoryBytes - memoryAvailableBytes))), ("free", .int(memoryFreeBytes)),
                    ("swap_total", .int(swapTotalBytes)), ("swap_used", .int(max(0, swapTotalBytes - swapFreeBytes))),
                    ("swap_free", .int(swapFreeBytes)),
                ])
            ),
            ("has_docker", .bool(hasDocker)),
        ])
    }
}
