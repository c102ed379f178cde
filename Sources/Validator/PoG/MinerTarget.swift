/// A miner to test: its uid, hotkey and axon address from the metagraph.
public struct MinerTarget: Sendable, Equatable, Hashable {
    public var uid: Int
    public var hotkey: String
    public var ip: String
    public var port: Int

    public init(uid: Int, hotkey: String, ip: String, port: Int) {
        self.uid = uid
        self.hotkey = hotkey
        self.ip = ip
        self.port = port
    }
}
