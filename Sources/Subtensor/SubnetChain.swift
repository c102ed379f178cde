/// What miners, validators and the Register API need from a chain, whichever chain it is: the
/// real subtensor (finney, test, a custom endpoint) or the embedded ``LocalChain``.
public protocol SubnetChain: Sendable {
    /// The current block number.
    func currentBlock() async throws -> Int
    /// Every neuron of subnet `netuid`, by uid.
    func metagraph(netuid: Int) async throws -> Metagraph
    /// Publishes the axon of `hotkey` on subnet `netuid`.
    func serveAxon(netuid: Int, hotkey: String, axon: AxonInfo) async throws
    /// Publishes the Prometheus endpoint of `hotkey` on subnet `netuid`.
    func servePrometheus(netuid: Int, hotkey: String, prometheus: PrometheusInfo) async throws
    /// Sets the weights of validator `hotkey` (u16-normalised here), subject to the subnet's
    /// weights rate limit, or commits them where the subnet has commit-reveal; says which.
    @discardableResult
    func setWeights(netuid: Int, hotkey: String, uids: [Int], weights: [Double], versionKey: Int) async throws -> WeightsSubmission
    /// Reveals the signing validator's hash commits of weights whose reveal epoch has come;
    /// true if any was sent. A chain without commit-reveal has nothing to reveal.
    func revealPendingWeights(netuid: Int) async throws -> Bool
    /// The weights validator `uid` last set: (miner uid, u16 weight).
    func weights(netuid: Int, validatorUID: Int) async throws -> [(uid: Int, weight: Int)]
    /// The subnet owner's hotkey.
    func subnetOwnerHotkey(netuid: Int) async throws -> String?
}

extension SubnetChain {
    public func revealPendingWeights(netuid: Int) async throws -> Bool { false }
}

/// What became of weights handed to ``SubnetChain/setWeights(netuid:hotkey:uids:weights:versionKey:)``.
public enum WeightsSubmission: Sendable, Equatable {
    /// In effect now.
    case set
    /// Committed as a hash; this client must reveal them in `revealEpoch`.
    case hashCommitted(revealEpoch: Int)
    /// Encrypted to drand round `revealRound`; the chain decrypts and applies them by itself
    /// from `revealBlock` on (commit-reveal `commitRevealVersion`).
    case timelocked(revealRound: UInt64, revealBlock: Int, commitRevealVersion: Int)
}

/// An axon as published on chain (`AxonInfo`).
public struct AxonInfo: Sendable, Equatable, Codable {
    public var ip: String
    public var port: Int
    public var version: Int
    /// 4 or 6.
    public var ipType: Int
    public var protocolNumber: Int

    public init(ip: String, port: Int, version: Int, ipType: Int = 4, protocolNumber: Int = 4) {
        self.ip = ip
        self.port = port
        self.version = version
        self.ipType = ipType
        self.protocolNumber = protocolNumber
    }

    /// Whether an axon was ever served (`0.0.0.0` means not).
    public var isServing: Bool { ip != "0.0.0.0" && port > 0 }
}

/// A Prometheus endpoint as published on chain (`PrometheusInfo`).
public struct PrometheusInfo: Sendable, Equatable, Codable {
    public var ip: String
    public var port: Int
    public var version: Int
    public var ipType: Int

    public init(ip: String = "0.0.0.0", port: Int = 0, version: Int = 0, ipType: Int = 4) {
        self.ip = ip
        self.port = port
        self.version = version
        self.ipType = ipType
    }
}

/// One neuron of a subnet as the metagraph shows it.
public struct Neuron: Sendable, Equatable {
    public var uid: Int
    public var hotkey: String
    public var coldkey: String
    /// Stake in rao (1 TAO = 10⁹ rao).
    public var stake: Int
    public var validatorPermit: Bool
    public var trust: Double
    public var consensus: Double
    public var incentive: Double
    public var dividends: Double
    /// Emission in rao per epoch.
    public var emission: Int
    public var lastUpdate: Int
    public var registeredAt: Int
    public var axon: AxonInfo
    public var prometheus: PrometheusInfo
    /// Validator trust, `u16 / 65535` as the SDK derives it.
    public var validatorTrust: Double
    /// Whether the chain counts the neuron as active.
    public var active: Bool

    public init(
        uid: Int, hotkey: String, coldkey: String, stake: Int, validatorPermit: Bool, trust: Double, consensus: Double,
        incentive: Double, dividends: Double, emission: Int, lastUpdate: Int, registeredAt: Int, axon: AxonInfo,
        prometheus: PrometheusInfo, validatorTrust: Double = 0, active: Bool = true
    ) {
        self.uid = uid
        self.hotkey = hotkey
        self.coldkey = coldkey
        self.stake = stake
        self.validatorPermit = validatorPermit
        self.trust = trust
        self.consensus = consensus
        self.incentive = incentive
        self.dividends = dividends
        self.emission = emission
        self.lastUpdate = lastUpdate
        self.registeredAt = registeredAt
        self.axon = axon
        self.prometheus = prometheus
        self.validatorTrust = validatorTrust
        self.active = active
    }
}

/// A subnet's neurons at a block.
public struct Metagraph: Sendable, Equatable {
    public var netuid: Int
    public var block: Int
    public var neurons: [Neuron]

    public init(netuid: Int, block: Int, neurons: [Neuron]) {
        self.netuid = netuid
        self.block = block
        self.neurons = neurons
    }

    public func neuron(hotkey: String) -> Neuron? { neurons.first { $0.hotkey == hotkey } }
}

/// Why a chain operation was refused, naming the rule.
public enum ChainError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownSubnet(Int)
    case notRegistered(hotkey: String, netuid: Int)
    case rateLimited(blocksLeft: Int)
    case invalidWeights(String)
    case invalidAxon(String)
    case notSupported(String)
    case storage(String)

    public var description: String {
        switch self {
        case let .unknownSubnet(netuid): "subnet \(netuid) does not exist"
        case let .notRegistered(hotkey, netuid): "hotkey \(hotkey) is not registered on subnet \(netuid)"
        case let .rateLimited(blocks): "weights were set too recently: wait \(blocks) more blocks (weights rate limit)"
        case let .invalidWeights(reason): "weights: \(reason)"
        case let .invalidAxon(reason): "axon: \(reason)"
        case let .notSupported(reason): reason
        case let .storage(reason): "local chain storage: \(reason)"
        }
    }
}
