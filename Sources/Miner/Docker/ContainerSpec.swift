/// The body of `POST /containers/create`: just the fields a rental container uses.
public struct ContainerSpec: Codable, Sendable, Equatable {
    public var image: String
    public var cmd: [String]
    public var env: [String]
    public var labels: [String: String]
    public var exposedPorts: [String: EmptyObject]
    public var hostConfig: HostConfig

    public init(
        image: String, cmd: [String], env: [String], labels: [String: String],
        exposedPorts: [String: EmptyObject], hostConfig: HostConfig
    ) {
        self.image = image
        self.cmd = cmd
        self.env = env
        self.labels = labels
        self.exposedPorts = exposedPorts
        self.hostConfig = hostConfig
    }

    enum CodingKeys: String, CodingKey {
        case image = "Image", cmd = "Cmd", env = "Env", labels = "Labels"
        case exposedPorts = "ExposedPorts", hostConfig = "HostConfig"
    }

    /// `{}` in the engine's JSON.
    public struct EmptyObject: Codable, Sendable, Equatable {
        public init() {}
    }
}

/// `HostConfig`: limits, port bindings, devices and restart policy.
public struct HostConfig: Codable, Sendable, Equatable {
    /// Bytes; 0 means no limit.
    public var memory: Int
    /// CPU quota in units of 10⁻⁹ CPUs; 0 means no limit.
    public var nanoCpus: Int
    public var shmSize: Int
    public var portBindings: [String: [PortBinding]]
    public var restartPolicy: RestartPolicy
    public var deviceRequests: [DeviceRequest]?
    /// Runs an init as PID 1 so the container reaps its zombies and stops promptly.
    public var initProcess: Bool?
    /// The most processes the container may hold; nil or 0 means no limit.
    public var pidsLimit: Int?
    /// `no-new-privileges` and the like.
    public var securityOpt: [String]?
    /// Capabilities removed from the engine's default set.
    public var capDrop: [String]?
    /// The network the container joins; nil: the engine's default bridge.
    public var networkMode: String?
    /// `host-path:container-path[:ro]` bind mounts.
    public var binds: [String]?

    public init(
        memory: Int, nanoCpus: Int, shmSize: Int, portBindings: [String: [PortBinding]],
        restartPolicy: RestartPolicy, deviceRequests: [DeviceRequest]?, initProcess: Bool?,
        pidsLimit: Int? = nil, securityOpt: [String]? = nil, capDrop: [String]? = nil, networkMode: String? = nil,
        binds: [String]? = nil
    ) {
        self.networkMode = networkMode
        self.binds = binds
        self.pidsLimit = pidsLimit
        self.securityOpt = securityOpt
        self.capDrop = capDrop
        self.memory = memory
        self.nanoCpus = nanoCpus
        self.shmSize = shmSize
        self.portBindings = portBindings
        self.restartPolicy = restartPolicy
        self.deviceRequests = deviceRequests
        self.initProcess = initProcess
    }

    enum CodingKeys: String, CodingKey {
        case memory = "Memory", nanoCpus = "NanoCpus", shmSize = "ShmSize", portBindings = "PortBindings"
        case restartPolicy = "RestartPolicy", deviceRequests = "DeviceRequests", initProcess = "Init"
        case pidsLimit = "PidsLimit", securityOpt = "SecurityOpt", capDrop = "CapDrop", networkMode = "NetworkMode"
        case binds = "Binds"
    }

    public struct PortBinding: Codable, Sendable, Equatable {
        public var hostIP: String
        public var hostPort: String

        public init(hostIP: String, hostPort: String) {
            self.hostIP = hostIP
            self.hostPort = hostPort
        }

        enum CodingKeys: String, CodingKey { case hostIP = "HostIp", hostPort = "HostPort" }
    }

    public struct RestartPolicy: Codable, Sendable, Equatable {
        public var name: String
        public var maximumRetryCount: Int

        public init(name: String, maximumRetryCount: Int) {
            self.name = name
            self.maximumRetryCount = maximumRetryCount
        }

        enum CodingKeys: String, CodingKey { case name = "Name", maximumRetryCount = "MaximumRetryCount" }
    }

    /// NVIDIA GPUs for the container (`--gpus`).
    public struct DeviceRequest: Codable, Sendable, Equatable {
        public var driver: String
        /// -1 for all.
        public var count: Int
        public var capabilities: [[String]]

        public init(driver: String = "nvidia", count: Int, capabilities: [[String]] = [["gpu"]]) {
            self.driver = driver
            self.count = count
            self.capabilities = capabilities
        }

        enum CodingKeys: String, CodingKey { case driver = "Driver", count = "Count", capabilities = "Capabilities" }
    }
}
