/// An allocation the API is asking a miner for, written before the miner is asked: if the
/// instance dies mid-call (kill -9, power), the leader finds the row and releases whatever the
/// miner made with `regkey`, instead of a container living out its 90-day timeline unowned.
public struct PendingAllocation: Sendable, Equatable {
    /// The rental's uuid once it is made.
    public var uuid: String
    public var ownerKeyID: Int
    public var hotkey: String
    /// The RSA public key (PEM) the miner knows the allocation by; enough to release it.
    public var regkey: String
    public var createdAt: Double

    public init(uuid: String, ownerKeyID: Int, hotkey: String, regkey: String, createdAt: Double) {
        self.uuid = uuid
        self.ownerKeyID = ownerKeyID
        self.hotkey = hotkey
        self.regkey = regkey
        self.createdAt = createdAt
    }
}
