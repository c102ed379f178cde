/// Where a dendrite sends a synapse: the axon's address and hotkey (from the metagraph).
public struct AxonTarget: Sendable, Equatable {
    public let ip: String
    public let port: Int
    public let hotkey: String

    public init(ip: String, port: Int, hotkey: String) {
        self.ip = ip
        self.port = port
        self.hotkey = hotkey
    }
}
