import ComputeProtocol

/// Everything `nicompute miner` is told on its command line, checked.
public struct MinerConfiguration: Sendable {
    public var netuid: Int
    /// The address the axon binds (`--axon.ip`, default all interfaces).
    public var axonHost: String
    public var axonPort: Int
    /// The IP published on chain for validators to reach (`--axon.external_ip`).
    public var externalIP: String
    public var externalPort: Int?
    public var sshPort: Int
    /// `--external.ports` paired with the rental's internal user ports (v2.2).
    public var userPorts: [UserPort]
    /// The image rental containers start from, made from `baseImage` when missing; nil lets
    /// ``RentalImage/choose(sshImage:baseImage:hasGPUs:)`` pick it for this machine.
    public var sshImage: String?
    /// The operator's base for `sshImage` (a CUDA/PyTorch image on GPU miners).
    public var baseImage: String?
    /// The miner's SQLite store.
    public var storePath: String
    public var admission: AdmissionPolicy
    public var metagraphRefresh: Duration
    public var expiryCheck: Duration
    public var timelineUnitSeconds: Double
    /// What bounds every rental container (`--miner.pids-limit`, …).
    public var limits: RentalLimits
    /// A Proof-of-GPU worker on this host to put in validators' test containers
    /// (`--miner.pog-worker`), so that a validator of the same release sends nothing; nil: none.
    public var pogWorker: String?
    /// A wait inside every creation once its container started (fault tests: a requester's
    /// deadline then always ends mid-creation); zero in service.
    public var creationPause: Duration

    public init(
        netuid: Int, axonHost: String = "0.0.0.0", axonPort: Int = 8091, externalIP: String = "127.0.0.1",
        externalPort: Int? = nil, sshPort: Int = 4444, userPorts: [UserPort] = [], sshImage: String? = nil, baseImage: String? = nil,
        storePath: String,
        admission: AdmissionPolicy = AdmissionPolicy(), metagraphRefresh: Duration = .seconds(60),
        expiryCheck: Duration = .seconds(30), timelineUnitSeconds: Double = 86_400, limits: RentalLimits = RentalLimits(),
        pogWorker: String? = nil, creationPause: Duration = .zero
    ) {
        self.creationPause = creationPause
        self.limits = limits
        self.pogWorker = pogWorker
        self.netuid = netuid
        self.axonHost = axonHost
        self.axonPort = axonPort
        self.externalIP = externalIP
        self.externalPort = externalPort
        self.sshPort = sshPort
        self.userPorts = userPorts
        self.sshImage = sshImage
        self.baseImage = baseImage
        self.storePath = storePath
        self.admission = admission
        self.metagraphRefresh = metagraphRefresh
        self.expiryCheck = expiryCheck
        self.timelineUnitSeconds = timelineUnitSeconds
    }
}
