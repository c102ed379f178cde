import BittensorCrypto
import HexCoding
import SCALE

/// ``SubnetChain`` on a real subtensor node (finney, test, or any `ws://` / `wss://` endpoint):
/// JSON-RPC over WebSocket, metadata V15 for every call index, storage key and runtime API
/// it uses, and signed v4 extrinsics for `serve_axon`, `set_weights` and hash commit-reveal.
public actor SubtensorClient: SubnetChain {
    /// The public entry points of the named networks.
    public static let networks: [String: String] = [
        "finney": "wss://entrypoint-finney.opentensor.ai:443",
        "test": "wss://test.finney.opentensor.ai:443",
    ]

    /// The endpoint for `--subtensor.network` / `--subtensor.chain_endpoint`; nil for `local`
    /// (the embedded chain) or an unknown name.
    public static func endpoint(network: String, chainEndpoint: String?) -> String? {
        if let chainEndpoint { return chainEndpoint }
        if let known = networks[network] { return known }
        let lowered = network.lowercased()
        return lowered.hasPrefix("ws://") || lowered.hasPrefix("wss://") ? network : nil
    }

    /// The runtime the client encodes for; refreshed when the node's spec version changes.
    struct Runtime: Sendable {
        var metadata: RuntimeMetadata
        var chain: ChainIdentity
    }

    public nonisolated let rpc: SubstrateRPC
    let signer: Keypair?
    /// How long to follow a transaction to a block.
    let inclusionTimeout: Duration
    /// Mortal era length of our transactions, in blocks.
    let eraPeriod: UInt64
    var runtime: Runtime?
    /// Hash commits waiting for their reveal epoch, oldest first, as in ``revealJournal``
    /// (including any of other hotkeys or chains, which are kept but never revealed here);
    /// nil until first needed.
    var pendingReveals: [PendingReveal]?
    /// Reveals being sent now, by salt (random, so it tells commits apart).
    var revealsInFlight: Set<[UInt16]> = []
    /// Where pending reveals are kept across restarts; in memory only when nil.
    let revealJournal: RevealJournal?
    /// The chain keeps at most this many unrevealed commits per hotkey (`TooManyUnrevealedCommits`).
    static let maximumUnrevealedCommits = 10
    /// A reveal the chain refused this often is given up (it cannot succeed in a later epoch).
    public static let maximumRevealAttempts = 3
    /// One transaction at a time: each reads the next nonce, so two interleaved (the actor is
    /// reentrant across awaits) would sign with the same one.
    var transactionBusy = false
    var transactionWaiters: [CheckedContinuation<Void, Never>] = []

    /// A client for `configuration.endpoint`, signing with `signer` (a hotkey) if given, and
    /// keeping hash commits awaiting their reveal in `revealJournal` if given.
    public init(
        configuration: JSONRPCConnection.Configuration, signer: Keypair? = nil, revealJournal: RevealJournal? = nil,
        inclusionTimeout: Duration = .seconds(120), eraPeriod: UInt64 = 64
    ) throws(RPCError) {
        rpc = SubstrateRPC(connection: try JSONRPCConnection(configuration: configuration))
        self.signer = signer
        self.revealJournal = revealJournal
        self.inclusionTimeout = inclusionTimeout
        self.eraPeriod = eraPeriod
    }

    /// Closes the connection.
    public func close() async { await rpc.connection.close() }

    // MARK: - Runtime

    /// The metadata and chain identity, fetched once and again after a runtime upgrade
    /// (`refresh` compares the node's spec version first).
    func currentRuntime(refresh: Bool = false) async throws -> Runtime {
        if let runtime, !refresh { return runtime }
        let version = try await rpc.runtimeVersion()
        if let runtime, runtime.chain.specVersion == version.specVersion, runtime.chain.transactionVersion == version.transactionVersion {
            return runtime
        }
        let metadata = try await rpc.metadataV15()
        let genesis = try await rpc.blockHash(0)
        let fresh = Runtime(
            metadata: metadata,
            chain: ChainIdentity(
                specVersion: version.specVersion,
                transactionVersion: version.transactionVersion, genesisHash: genesis))
        runtime = fresh
        return fresh
    }

    /// A storage value decoded by its metadata type; the item's default when absent (nil for
    /// an item without one).
    func storageValue(_ item: String, keys: [[UInt8]], pallet: String = "SubtensorModule", at blockHash: String? = nil) async throws
        -> DynamicValue?
    {
        let metadata = try await currentRuntime().metadata
        let key = try metadata.storageKey(pallet: pallet, item: item, keys: keys)
        let entry = try metadata.storage(pallet: pallet, item: item).entry
        if let raw = try await rpc.storage(key, at: blockHash) {
            return try metadata.decode(raw, as: entry.valueType, context: "\(pallet).\(item)")
        }
        return entry.hasDefault ? try metadata.decode(entry.defaultValue, as: entry.valueType, context: "\(pallet).\(item) default") : nil
    }

    /// Whether the runtime declares `pallet.item`.
    func hasStorage(_ item: String, pallet: String = "SubtensorModule") async throws -> Bool {
        (try? await currentRuntime().metadata.storage(pallet: pallet, item: item)) != nil
    }

    static func netuidKey(_ netuid: Int) throws -> [UInt8] {
        guard let value = UInt16(exactly: netuid) else { throw ChainError.unknownSubnet(netuid) }
        return [UInt8(value & 0xff), UInt8(value >> 8)]
    }

    static func integer(_ value: DynamicValue?, _ field: String) throws -> Int {
        guard let raw = value?.unsigned, let number = Int(exactly: raw) else {
            throw SubtensorClientError.unexpectedValue(field: field, detail: "not an integer: \(String(describing: value))")
        }
        return number
    }

    // MARK: - SubnetChain reads

    public func currentBlock() async throws -> Int {
        Int(try await rpc.blockNumber())
    }

    /// Fails with ``ChainError/unknownSubnet(_:)`` unless `netuid` exists.
    func requireSubnet(_ netuid: Int, at blockHash: String? = nil) async throws {
        let added = try await storageValue("NetworksAdded", keys: [Self.netuidKey(netuid)], at: blockHash)
        guard added?.bool == true else { throw ChainError.unknownSubnet(netuid) }
    }

    public func metagraph(netuid: Int) async throws -> Metagraph {
        let runtime = try await currentRuntime()
        let block = try await rpc.blockNumber()
        let hash = "0x" + Hex.encode(try await rpc.blockHash(block))
        try await requireSubnet(netuid, at: hash)
        let bytes = try await rpc.stateCall("NeuronInfoRuntimeApi_get_neurons_lite", try Self.netuidKey(netuid), at: hash)
        return try MetagraphDecoder(metadata: runtime.metadata).metagraph(netuid: netuid, block: Int(block), neuronsLite: bytes)
    }

    public func subnetOwnerHotkey(netuid: Int) async throws -> String? {
        try await requireSubnet(netuid)
        guard try await hasStorage("SubnetOwnerHotkey") else { return nil }
        guard let bytes = try await storageValue("SubnetOwnerHotkey", keys: [Self.netuidKey(netuid)])?.bytes, bytes.count == 32 else {
            return nil
        }
        // An unset owner reads as the all-zero default.
        return bytes.allSatisfy { $0 == 0 } ? nil : SS58.encode(bytes)
    }

    /// Tempo, weights rate limit and version key, and the commit-reveal settings of `netuid`.
    public func hyperparameters(netuid: Int) async throws -> SubnetHyperparameters {
        try await requireSubnet(netuid)
        let key = try Self.netuidKey(netuid)
        let version: Int? =
            try await hasStorage("CommitRevealWeightsVersion")
            ? try Self.integer(try await storageValue("CommitRevealWeightsVersion", keys: []), "CommitRevealWeightsVersion") : nil
        return SubnetHyperparameters(
            netuid: netuid,
            tempo: try Self.integer(try await storageValue("Tempo", keys: [key]), "Tempo"),
            weightsRateLimit: try Self.integer(try await storageValue("WeightsSetRateLimit", keys: [key]), "WeightsSetRateLimit"),
            weightsVersionKey: try Self.integer(try await storageValue("WeightsVersionKey", keys: [key]), "WeightsVersionKey"),
            commitRevealEnabled: try await storageValue("CommitRevealWeightsEnabled", keys: [key])?.bool ?? false,
            commitRevealPeriod: try Self.integer(try await storageValue("RevealPeriodEpochs", keys: [key]), "RevealPeriodEpochs"),
            commitRevealVersion: version
        )
    }

    /// The uid of `hotkey` on `netuid`, nil when not registered.
    func uid(of hotkey: [UInt8], netuid: Int) async throws -> Int? {
        guard let value = try await storageValue("Uids", keys: [Self.netuidKey(netuid), hotkey]) else { return nil }
        return try Self.integer(value, "Uids")
    }

    public func weights(netuid: Int, validatorUID: Int) async throws -> [(uid: Int, weight: Int)] {
        guard let uid = UInt16(exactly: validatorUID) else { return [] }
        let value = try await storageValue("Weights", keys: [Self.netuidKey(netuid), [UInt8(uid & 0xff), UInt8(uid >> 8)]])
        var out: [(uid: Int, weight: Int)] = []
        for pair in value?.elements ?? [] {
            guard let parts = pair.elements, parts.count == 2 else { continue }
            out.append((try Self.integer(parts[0], "Weights.uid"), try Self.integer(parts[1], "Weights.weight")))
        }
        return out
    }

    public func servePrometheus(netuid: Int, hotkey: String, prometheus: PrometheusInfo) async throws {
        throw ChainError.notSupported(
            "serve_prometheus is not implemented for the real chain (NI Compute does not publish Prometheus endpoints)")
    }
}
