import HostPaths
import SQLiteStore
#if canImport(Glibc)
    import Glibc
#endif

/// The embedded chain for `--subtensor.network local`: one SQLite file that several processes
/// (a validator, miners, the Register API) share safely. Blocks come from the wall clock; an
/// epoch (``EpochCalculator``) runs lazily whenever a tempo boundary has passed, after the
/// timelocked commits due in that epoch are revealed with the chain's own drand-like beacon
/// (``DevnetBeacon``; see `LocalChain+CommitReveal.swift`).
public actor LocalChain: SubnetChain {
    /// `~/.nicompute/devnet/chain.sqlite`.
    public static var defaultPath: String {
        HomeDirectory.nicompute("devnet/chain.sqlite")
    }

    public nonisolated let path: String
    public nonisolated let parameters: LocalChainParameters
    let database: SQLiteDatabase
    let blockNanoseconds: Int
    /// The block time this chain was made with.
    public nonisolated var blockSeconds: Double { Double(blockNanoseconds) / 1e9 }
    let beacon: DevnetBeacon

    /// Opens (creating when new) the chain at `path`. The block time is fixed when the chain is
    /// created; a later `blockSeconds` is ignored so every process agrees on the block number.
    public init(path: String = LocalChain.defaultPath, blockSeconds: Double = 12, parameters: LocalChainParameters = .init()) throws {
        self.path = path
        self.parameters = parameters
        Self.makeParentDirectories(of: path)
        let database = try SQLiteDatabase(path: path)
        try database.transaction {
            try database.execute(
                """
                CREATE TABLE IF NOT EXISTS chain (id INTEGER PRIMARY KEY CHECK (id = 1), genesis_ns INTEGER NOT NULL, block_ns INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS subnets (
                    netuid INTEGER PRIMARY KEY, owner_hotkey TEXT, tempo INTEGER NOT NULL, max_uids INTEGER NOT NULL,
                    immunity_period INTEGER NOT NULL, weights_rate_limit INTEGER NOT NULL, emission_per_epoch INTEGER NOT NULL,
                    max_validators INTEGER NOT NULL, last_epoch INTEGER NOT NULL DEFAULT 0,
                    commit_reveal INTEGER NOT NULL DEFAULT 1, reveal_period INTEGER NOT NULL DEFAULT 1);
                CREATE TABLE IF NOT EXISTS neurons (
                    netuid INTEGER NOT NULL REFERENCES subnets(netuid), uid INTEGER NOT NULL, hotkey TEXT NOT NULL, coldkey TEXT NOT NULL,
                    stake INTEGER NOT NULL DEFAULT 0, registered_at INTEGER NOT NULL, last_update INTEGER NOT NULL DEFAULT -1,
                    incentive REAL NOT NULL DEFAULT 0, dividends REAL NOT NULL DEFAULT 0, emission INTEGER NOT NULL DEFAULT 0,
                    validator_permit INTEGER NOT NULL DEFAULT 0,
                    axon_ip TEXT NOT NULL DEFAULT '0.0.0.0', axon_port INTEGER NOT NULL DEFAULT 0, axon_version INTEGER NOT NULL DEFAULT 0,
                    axon_ip_type INTEGER NOT NULL DEFAULT 4, axon_protocol INTEGER NOT NULL DEFAULT 4,
                    prometheus_ip TEXT NOT NULL DEFAULT '0.0.0.0', prometheus_port INTEGER NOT NULL DEFAULT 0,
                    prometheus_version INTEGER NOT NULL DEFAULT 0, prometheus_ip_type INTEGER NOT NULL DEFAULT 4,
                    PRIMARY KEY (netuid, uid), UNIQUE (netuid, hotkey));
                CREATE TABLE IF NOT EXISTS weights (
                    netuid INTEGER NOT NULL, validator_uid INTEGER NOT NULL, miner_uid INTEGER NOT NULL, weight INTEGER NOT NULL,
                    PRIMARY KEY (netuid, validator_uid, miner_uid));
                """)
            try Self.createCommitRevealTables(database)
            let blockNs = Int(blockSeconds * 1e9)
            try database.query(
                "INSERT OR IGNORE INTO chain (id, genesis_ns, block_ns) VALUES (1, ?, ?)",
                [.integer(Self.nowNanoseconds()), .integer(max(1, blockNs))])
        }
        guard let row = try database.query("SELECT block_ns, genesis_ns FROM chain WHERE id = 1").first, let stored = row[0].int,
            let genesis = row[1].int
        else {
            throw ChainError.storage("the chain table is empty")
        }
        self.database = database
        blockNanoseconds = stored
        beacon = try Self.loadBeacon(database, genesisNanoseconds: genesis, blockNanoseconds: stored)
    }

    /// `mkdir -p` of the folder holding `path`, each new folder private (0700): a chain asked
    /// for at `--local.path` is made there, whatever of its folders is missing.
    private static func makeParentDirectories(of path: String) {
        guard let slash = path.lastIndex(of: "/") else { return }
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path[..<slash].split(separator: "/") {
            prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + component
            _ = mkdir(prefix, 0o700)
        }
    }

    // MARK: - SubnetChain

    public func currentBlock() throws -> Int {
        guard let genesis = try database.query("SELECT genesis_ns FROM chain WHERE id = 1").first?[0].int else {
            throw ChainError.storage("the chain table is empty")
        }
        return max(0, (Self.nowNanoseconds() - genesis) / blockNanoseconds)
    }

    public func metagraph(netuid: Int) throws -> Metagraph {
        try database.transaction {
            let block = try currentBlock()
            try revealTimelockedCommits(netuid: netuid, block: block)
            try runPendingEpoch(netuid: netuid, block: block)
            let rows = try database.query(
                """
                SELECT uid, hotkey, coldkey, stake, validator_permit, incentive, dividends, emission, last_update, registered_at,
                       axon_ip, axon_port, axon_version, axon_ip_type, axon_protocol,
                       prometheus_ip, prometheus_port, prometheus_version, prometheus_ip_type
                FROM neurons WHERE netuid = ? ORDER BY uid
                """, [.integer(netuid)])
            let neurons = rows.map { row in
                Neuron(
                    uid: row[0].int ?? 0, hotkey: row[1].string ?? "", coldkey: row[2].string ?? "", stake: row[3].int ?? 0,
                    validatorPermit: (row[4].int ?? 0) != 0, trust: row[5].double ?? 0, consensus: row[5].double ?? 0,
                    incentive: row[5].double ?? 0, dividends: row[6].double ?? 0, emission: row[7].int ?? 0,
                    lastUpdate: max(0, row[8].int ?? 0), registeredAt: row[9].int ?? 0,
                    axon: AxonInfo(
                        ip: row[10].string ?? "0.0.0.0", port: row[11].int ?? 0, version: row[12].int ?? 0,
                        ipType: row[13].int ?? 4, protocolNumber: row[14].int ?? 4),
                    prometheus: PrometheusInfo(
                        ip: row[15].string ?? "0.0.0.0", port: row[16].int ?? 0, version: row[17].int ?? 0,
                        ipType: row[18].int ?? 4))
            }
            return Metagraph(netuid: netuid, block: block, neurons: neurons)
        }
    }

    public func serveAxon(netuid: Int, hotkey: String, axon: AxonInfo) throws {
        guard (1...65_535).contains(axon.port) else { throw ChainError.invalidAxon("port \(axon.port) must be 1…65535") }
        guard !axon.ip.isEmpty else { throw ChainError.invalidAxon("ip must not be empty") }
        try database.transaction {
            _ = try uid(of: hotkey, netuid: netuid)
            try database.query(
                """
                UPDATE neurons SET axon_ip = ?, axon_port = ?, axon_version = ?, axon_ip_type = ?, axon_protocol = ?
                WHERE netuid = ? AND hotkey = ?
                """,
                [
                    .text(axon.ip), .integer(axon.port), .integer(axon.version), .integer(axon.ipType), .integer(axon.protocolNumber),
                    .integer(netuid), .text(hotkey),
                ])
        }
    }

    public func servePrometheus(netuid: Int, hotkey: String, prometheus: PrometheusInfo) throws {
        guard (1...65_535).contains(prometheus.port) else {
            throw ChainError.invalidAxon("prometheus port \(prometheus.port) must be 1…65535")
        }
        try database.transaction {
            _ = try uid(of: hotkey, netuid: netuid)
            try database.query(
                """
                UPDATE neurons SET prometheus_ip = ?, prometheus_port = ?, prometheus_version = ?, prometheus_ip_type = ?
                WHERE netuid = ? AND hotkey = ?
                """,
                [
                    .text(prometheus.ip), .integer(prometheus.port), .integer(prometheus.version), .integer(prometheus.ipType),
                    .integer(netuid), .text(hotkey),
                ])
        }
    }

    /// Sets weights directly, or, where the subnet has commit-reveal (the default, as on the live
    /// chain), commits them timelocked to the round of the devnet beacon that falls in the reveal
    /// epoch, as the SDK does; the chain reveals them itself.
    @discardableResult
    public func setWeights(netuid: Int, hotkey: String, uids: [Int], weights: [Double], versionKey: Int) throws -> WeightsSubmission {
        let normalized = try Self.u16Weights(uids: uids, weights: weights)
        if try subnetRow(netuid).commitReveal {
            return try commitWeightsTimelocked(netuid: netuid, hotkey: hotkey, weights: normalized, versionKey: versionKey)
        }
        try database.transaction {
            let block = try currentBlock()
            let validator = try uid(of: hotkey, netuid: netuid)
            try checkRateLimit(netuid: netuid, uid: validator, block: block)
            try applyWeights(netuid: netuid, validator: validator, weights: normalized, block: block)
        }
        return .set
    }

    /// The weights rate limit: allowed when never set, or `block − last ≥ limit`.
    func checkRateLimit(netuid: Int, uid: Int, block: Int) throws {
        let subnet = try subnetRow(netuid)
        let rows = try database.query("SELECT last_update FROM neurons WHERE netuid = ? AND uid = ?", [.integer(netuid), .integer(uid)])
        let lastUpdate = rows.first?[0].int ?? -1
        if lastUpdate >= 0, block - lastUpdate < subnet.weightsRateLimit {
            throw ChainError.rateLimited(blocksLeft: subnet.weightsRateLimit - (block - lastUpdate))
        }
    }

    /// Replaces the weights of `validator` (inside a transaction) and records the update block.
    func applyWeights(netuid: Int, validator: Int, weights normalized: [(uid: Int, weight: Int)], block: Int) throws {
        let known = Set(try database.query("SELECT uid FROM neurons WHERE netuid = ?", [.integer(netuid)]).compactMap { $0[0].int })
        if let unknown = normalized.first(where: { !known.contains($0.uid) }) {
            throw ChainError.invalidWeights("uid \(unknown.uid) is not a neuron of subnet \(netuid)")
        }
        try database.query("DELETE FROM weights WHERE netuid = ? AND validator_uid = ?", [.integer(netuid), .integer(validator)])
        for entry in normalized where entry.weight > 0 {
            try database.query(
                "INSERT INTO weights (netuid, validator_uid, miner_uid, weight) VALUES (?, ?, ?, ?)",
                [.integer(netuid), .integer(validator), .integer(entry.uid), .integer(entry.weight)])
        }
        try database.query(
            "UPDATE neurons SET last_update = ? WHERE netuid = ? AND uid = ?", [.integer(block), .integer(netuid), .integer(validator)])
    }

    public func weights(netuid: Int, validatorUID: Int) throws -> [(uid: Int, weight: Int)] {
        try database.transaction { try revealTimelockedCommits(netuid: netuid, block: try currentBlock()) }
        return try storedWeights(netuid: netuid, validatorUID: validatorUID)
    }

    func storedWeights(netuid: Int, validatorUID: Int) throws -> [(uid: Int, weight: Int)] {
        try database.query(
            "SELECT miner_uid, weight FROM weights WHERE netuid = ? AND validator_uid = ? ORDER BY miner_uid",
            [.integer(netuid), .integer(validatorUID)]
        ).map { (uid: $0[0].int ?? 0, weight: $0[1].int ?? 0) }
    }

    public func subnetOwnerHotkey(netuid: Int) throws -> String? {
        try database.query("SELECT owner_hotkey FROM subnets WHERE netuid = ?", [.integer(netuid)]).first?[0].string
    }

    // MARK: - Local operations

    /// Registers `hotkey` (instantly; idempotent). A missing subnet is created with this
    /// chain's parameters and the first registrant as owner. When the subnet is full, the
    /// non-immune neuron with the lowest emission (then incentive, then uid) is replaced.
    @discardableResult
    public func register(netuid: Int, hotkey: String, coldkey: String) throws -> Int {
        try database.transaction {
            let block = try currentBlock()
            if try database.query("SELECT 1 FROM subnets WHERE netuid = ?", [.integer(netuid)]).isEmpty {
                try database.query(
                    """
                    INSERT INTO subnets (netuid, owner_hotkey, tempo, max_uids, immunity_period, weights_rate_limit, emission_per_epoch, max_validators,
                                         last_epoch, commit_reveal, reveal_period)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    [
                        .integer(netuid), .text(hotkey), .integer(parameters.tempo), .integer(parameters.maxUIDs),
                        .integer(parameters.immunityPeriod),
                        .integer(parameters.weightsRateLimit), .integer(parameters.emissionPerEpoch), .integer(parameters.maxValidators),
                        .integer(block - block % max(1, parameters.tempo)), .integer(parameters.commitRevealEnabled ? 1 : 0),
                        .integer(max(1, parameters.revealPeriodEpochs)),
                    ])
            }
            if let existing = try database.query(
                "SELECT uid FROM neurons WHERE netuid = ? AND hotkey = ?", [.integer(netuid), .text(hotkey)]
            ).first?[0].int {
                return existing
            }
            let subnet = try subnetRow(netuid)
            let used = Set(try database.query("SELECT uid FROM neurons WHERE netuid = ?", [.integer(netuid)]).compactMap { $0[0].int })
            if used.count < subnet.maxUIDs, let free = (0..<subnet.maxUIDs).first(where: { !used.contains($0) }) {
                try database.query(
                    "INSERT INTO neurons (netuid, uid, hotkey, coldkey, registered_at) VALUES (?, ?, ?, ?, ?)",
                    [.integer(netuid), .integer(free), .text(hotkey), .text(coldkey), .integer(block)])
                return free
            }
            guard
                let weakest = try database.query(
                    """
                    SELECT uid FROM neurons WHERE netuid = ? AND registered_at + ? <= ? ORDER BY emission, incentive, uid LIMIT 1
                    """, [.integer(netuid), .integer(subnet.immunityPeriod), .integer(block)]
                ).first?[0].int
            else {
                throw ChainError.notSupported("subnet \(netuid) is full and every neuron is still immune; try again later")
            }
            try database.query(
                "DELETE FROM weights WHERE netuid = ? AND (validator_uid = ? OR miner_uid = ?)",
                [.integer(netuid), .integer(weakest), .integer(weakest)])
            try database.query("DELETE FROM neurons WHERE netuid = ? AND uid = ?", [.integer(netuid), .integer(weakest)])
            try database.query(
                "INSERT INTO neurons (netuid, uid, hotkey, coldkey, registered_at) VALUES (?, ?, ?, ?, ?)",
                [.integer(netuid), .integer(weakest), .text(hotkey), .text(coldkey), .integer(block)])
            return weakest
        }
    }

    /// Adds `rao` to the stake of `hotkey` (the local operator's faucet).
    public func addStake(netuid: Int, hotkey: String, rao: Int) throws {
        guard rao > 0 else { throw ChainError.notSupported("the amount to stake must be positive") }
        try database.transaction {
            _ = try uid(of: hotkey, netuid: netuid)
            try database.query(
                "UPDATE neurons SET stake = stake + ? WHERE netuid = ? AND hotkey = ?", [.integer(rao), .integer(netuid), .text(hotkey)])
        }
    }

    /// The subnet's tempo, weights rate limit and commit-reveal settings as
    /// ``SubnetHyperparameters`` (the local chain has no version key; its commit-reveal is
    /// timelocked, version 4).
    public func hyperparameters(netuid: Int) throws -> SubnetHyperparameters {
        let subnet = try subnetRow(netuid)
        return SubnetHyperparameters(
            netuid: netuid, tempo: subnet.tempo, weightsRateLimit: subnet.weightsRateLimit, weightsVersionKey: 0,
            commitRevealEnabled: subnet.commitReveal, commitRevealPeriod: subnet.revealPeriod,
            commitRevealVersion: Self.commitRevealVersion)
    }

    // MARK: - Internals

    struct SubnetRow {
        let tempo: Int
        let maxUIDs: Int
        let immunityPeriod: Int
        let weightsRateLimit: Int
        let emissionPerEpoch: Int
        let maxValidators: Int
        let lastEpoch: Int
        let commitReveal: Bool
        let revealPeriod: Int
    }

    func subnetRow(_ netuid: Int) throws -> SubnetRow {
        guard
            let row = try database.query(
                """
                SELECT tempo, max_uids, immunity_period, weights_rate_limit, emission_per_epoch, max_validators, last_epoch, commit_reveal, reveal_period
                FROM subnets WHERE netuid = ?
                """, [.integer(netuid)]
            ).first
        else { throw ChainError.unknownSubnet(netuid) }
        return SubnetRow(
            tempo: max(1, row[0].int ?? 1), maxUIDs: row[1].int ?? 0, immunityPeriod: row[2].int ?? 0, weightsRateLimit: row[3].int ?? 0,
            emissionPerEpoch: row[4].int ?? 0, maxValidators: row[5].int ?? 0, lastEpoch: row[6].int ?? 0,
            commitReveal: (row[7].int ?? 0) != 0, revealPeriod: max(1, row[8].int ?? 1))
    }

    func uid(of hotkey: String, netuid: Int) throws -> Int {
        _ = try subnetRow(netuid)
        guard
            let uid = try database.query("SELECT uid FROM neurons WHERE netuid = ? AND hotkey = ?", [.integer(netuid), .text(hotkey)])
                .first?[0].int
        else {
            throw ChainError.notRegistered(hotkey: hotkey, netuid: netuid)
        }
        return uid
    }

    /// Runs the epoch if a tempo boundary passed since the last one (inside a transaction).
    private func runPendingEpoch(netuid: Int, block: Int) throws {
        guard let subnet = try? subnetRow(netuid), subnet.tempo > 0, block >= subnet.lastEpoch + subnet.tempo else { return }
        let neurons = try database.query("SELECT uid, stake FROM neurons WHERE netuid = ?", [.integer(netuid)])
        let inputs = try neurons.map { row -> EpochCalculator.Input in
            let uid = row[0].int ?? 0
            return EpochCalculator.Input(uid: uid, stake: row[1].int ?? 0, weights: try storedWeights(netuid: netuid, validatorUID: uid))
        }
        let outputs = EpochCalculator.run(inputs, emission: subnet.emissionPerEpoch, maxValidators: subnet.maxValidators)
        for (uid, output) in outputs {
            try database.query(
                "UPDATE neurons SET incentive = ?, dividends = ?, emission = ?, validator_permit = ? WHERE netuid = ? AND uid = ?",
                [
                    .real(output.incentive), .real(output.dividends), .integer(output.emission), .integer(output.validatorPermit ? 1 : 0),
                    .integer(netuid), .integer(uid),
                ])
        }
        try database.query(
            "UPDATE subnets SET last_epoch = ? WHERE netuid = ?", [.integer(block - block % subnet.tempo), .integer(netuid)])
    }

    /// The SDK's u16 conversion: weights scaled so the largest is 65535, rounded half to even.
    static func u16Weights(uids: [Int], weights: [Double]) throws(ChainError) -> [(uid: Int, weight: Int)] {
        guard uids.count == weights.count else { throw .invalidWeights("\(uids.count) uids but \(weights.count) weights") }
        guard Set(uids).count == uids.count else { throw .invalidWeights("a uid appears twice") }
        guard weights.allSatisfy({ $0.isFinite && $0 >= 0 }) else { throw .invalidWeights("every weight must be finite and ≥ 0") }
        guard let largest = weights.max(), largest > 0 else { throw .invalidWeights("at least one weight must be positive") }
        return zip(uids, weights).map { (uid: $0, weight: Int(($1 / largest * 65_535).rounded(.toNearestOrEven))) }
    }

    static func nowNanoseconds() -> Int { WallClock.nanoseconds() }
}
