/// The life of an allocation. Only `gone` is final; at most one allocation is in any other state.
public enum AllocationState: String, Sendable, CaseIterable {
    /// The row exists and the container is being made; a crash here is repaired at start-up.
    case creating
    case running
    case paused
    /// Being stopped and removed.
    case terminating
    case gone

    public var isLive: Bool { self != .gone }
}

/// One allocation as the miner's store keeps it.
public struct AllocationRecord: Sendable, Equatable {
    public var id: String
    public var state: AllocationState
    /// The hotkey that allocated; only it may act on the allocation.
    public var ownerHotkey: String
    /// The renter's RSA public key (PEM), the reference's bearer credential, kept trimmed.
    public var publicKey: String
    public var containerName: String
    public var containerID: String?
    public var sshPort: Int
    public var testing: Bool
    public var resources: ResourceRequest
    /// Unix seconds.
    public var createdAt: Double
    public var expiresAt: Double
    public var endedAt: Double?
    public var endReason: String?

    public init(
        id: String, state: AllocationState, ownerHotkey: String, publicKey: String, containerName: String,
        containerID: String? = nil, sshPort: Int, testing: Bool, resources: ResourceRequest,
        createdAt: Double, expiresAt: Double, endedAt: Double? = nil, endReason: String? = nil
    ) {
        self.id = id
        self.state = state
        self.ownerHotkey = ownerHotkey
        self.publicKey = publicKey
        self.containerName = containerName
        self.containerID = containerID
        self.sshPort = sshPort
        self.testing = testing
        self.resources = resources
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.endedAt = endedAt
        self.endReason = endReason
    }

    /// The engine's handle: the id once known, else the name we chose before creating it.
    public var containerReference: String { containerID ?? containerName }
}
