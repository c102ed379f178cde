import BittensorCrypto
import HexCoding
import SQLiteStore
import Timelock

/// Timelocked commit-reveal on the local chain, as subtensor does it:
/// 1. `commitTimelockedWeights` stores a ciphertext with its drand round (the extrinsic's checks:
///    commit-reveal on, registered, rate limit, size, at most 10 unrevealed per hotkey and epoch).
/// 2. When the reveal epoch (commit epoch + reveal period) comes, the beacon's pulse for the round
///    is signed, verified and stored (the drand pallet's part), the ciphertext is decrypted, the
///    payload's hotkey is checked against the committer, and the weights are applied.
/// 3. A commit that cannot be opened (bad ciphertext, wrong hotkey, bad weights) or whose pulse
///    did not come during its reveal epoch is dropped, with an event saying why.
/// Everything is lazy: the first read of the subnet after a reveal epoch began does the work, as
/// the epochs themselves are run.
extension LocalChain {
    /// The local chain's commit-reveal version (timelocked, with the hotkey in the payload).
    public static let commitRevealVersion = 4
    /// The chain's bound on a commit (`MAX_CRV3_COMMIT_SIZE_BYTES`).
    static let maximumCommitBytes = 5_000
    /// Unrevealed commits one hotkey may have per commit epoch.
    static let maximumUnrevealedCommits = 10

    /// One recorded event of the chain: what happened to a commit, and why.
    public struct Event: Sendable, Equatable {
        public var block: Int
        public var name: String
        public var detail: String
    }

    static func createCommitRevealTables(_ database: SQLiteDatabase) throws {
        try database.execute(
            """
            CREATE TABLE IF NOT EXISTS beacon (id INTEGER PRIMARY KEY CHECK (id = 1), secret TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS pulses (round INTEGER PRIMARY KEY, signature TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS timelocked_commits (
                id INTEGER PRIMARY KEY AUTOINCREMENT, netuid INTEGER NOT NULL, hotkey TEXT NOT NULL, commit_block INTEGER NOT NULL,
                commit_epoch INTEGER NOT NULL, reveal_epoch INTEGER NOT NULL, reveal_round INTEGER NOT NULL, ciphertext TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS chain_events (
                id INTEGER PRIMARY KEY AUTOINCREMENT, block INTEGER NOT NULL, netuid INTEGER NOT NULL, name TEXT NOT NULL, detail TEXT NOT NULL);
            """)
        // Chains made before commit-reveal existed here get its columns (on: the live default).
        let columns = Set(try database.query("PRAGMA table_info(subnets)").compactMap { $0[1].string })
        if !columns.contains("commit_reveal") {
            try database.execute("ALTER TABLE subnets ADD COLUMN commit_reveal INTEGER NOT NULL DEFAULT 1")
        }
        if !columns.contains("reveal_period") {
            try database.execute("ALTER TABLE subnets ADD COLUMN reveal_period INTEGER NOT NULL DEFAULT 1")
        }
        try database.query("INSERT OR IGNORE INTO beacon (id, secret) VALUES (1, ?)", [.text(Hex.encode(DevnetBeacon.newSecret()))])
    }

    /// The chain's beacon: rounds of `min(3, block time)` seconds (at least 1) from genesis, so a
    /// reveal epoch always holds a pulse.
    static func loadBeacon(_ database: SQLiteDatabase, genesisNanoseconds: Int, blockNanoseconds: Int) throws -> DevnetBeacon {
        guard let text = try database.query("SELECT secret FROM beacon WHERE id = 1").first?[0].string, let secret = Hex.decode(text),
            let beacon = DevnetBeacon(
                secret: secret, genesisTime: UInt64(max(0, genesisNanoseconds / 1_000_000_000)),
                period: UInt64(min(3, max(1, blockNanoseconds / 1_000_000_000))))
        else {
            throw ChainError.storage("the beacon's key is missing or not a scalar")
        }
        return beacon
    }

    // MARK: - Commit

    /// The SDK's side of a timelocked commit: the u16 weights with the hotkey as payload, encrypted
    /// to the beacon round due three blocks into the reveal epoch, then the extrinsic's side.
    func commitWeightsTimelocked(netuid: Int, hotkey: String, weights: [(uid: Int, weight: Int)], versionKey: Int) throws
        -> WeightsSubmission
    {
        let subnet = try subnetRow(netuid)
        let block = try currentBlock()
        let publicKey: [UInt8]
        do { publicKey = try SS58.decode(hotkey) } catch { throw ChainError.notRegistered(hotkey: hotkey, netuid: netuid) }
        guard let key = UInt64(exactly: versionKey) else { throw ChainError.invalidWeights("version key \(versionKey) must be ≥ 0") }
        let revealEpoch = block / subnet.tempo + subnet.revealPeriod
        let revealBlock = revealEpoch * subnet.tempo
        let round = RevealRound.round(
            revealBlock: UInt64(revealBlock), currentBlock: UInt64(block),
            blockMilliseconds: UInt64(blockNanoseconds / 1_000_000), nowMilliseconds: UInt64(Self.nowNanoseconds() / 1_000_000),
            chain: beacon.chain)
        let payload = WeightsTlockPayload(
            hotkey: publicKey, uids: weights.map { UInt16(clamping: $0.uid) },
            values: weights.map { UInt16(clamping: $0.weight) }, versionKey: key)
        let commit = Timelock.encrypt(payload.bytes, round: round, chain: beacon.chain).bytes
        try commitTimelockedWeights(netuid: netuid, hotkey: hotkey, commit: commit, revealRound: round)
        return .timelocked(revealRound: round, revealBlock: revealBlock, commitRevealVersion: Self.commitRevealVersion)
    }

    /// The chain's `commit_timelocked_weights`: stores `commit` for the reveal epoch, with the
    /// extrinsic's checks. Nothing about the ciphertext is checked here, as on the chain: a bad one
    /// is dropped at its reveal.
    public func commitTimelockedWeights(netuid: Int, hotkey: String, commit: [UInt8], revealRound: UInt64) throws {
        guard commit.count <= Self.maximumCommitBytes else {
            throw ChainError.invalidWeights("commit: \(commit.count) bytes, more than the chain's \(Self.maximumCommitBytes)")
        }
        guard let round = Int(exactly: revealRound) else { throw ChainError.invalidWeights("reveal round \(revealRound) is out of range") }
        // The chain refuses a round older than its last stored pulse (InvalidRevealRound).
        let latest = beacon.chain.round(at: UInt64(max(0, Self.nowNanoseconds() / 1_000_000_000)))
        guard revealRound >= latest else {
            throw ChainError.invalidWeights("reveal round \(revealRound) is before the latest pulse \(latest) (InvalidRevealRound)")
        }
        try database.transaction {
            let subnet = try subnetRow(netuid)
            guard subnet.commitReveal else {
                throw ChainError.notSupported("subnet \(netuid) has commit-reveal disabled: set weights directly")
            }
            let block = try currentBlock()
            let validator = try uid(of: hotkey, netuid: netuid)
            try checkRateLimit(netuid: netuid, uid: validator, block: block)
            let epoch = block / subnet.tempo
            let pending =
                try database.query(
                    "SELECT COUNT(*) FROM timelocked_commits WHERE netuid = ? AND hotkey = ? AND commit_epoch = ?",
                    [.integer(netuid), .text(hotkey), .integer(epoch)]
                ).first?[0].int ?? 0
            guard pending < Self.maximumUnrevealedCommits else {
                throw ChainError.invalidWeights(
                    "\(Self.maximumUnrevealedCommits) commits of this epoch are still unrevealed (TooManyUnrevealedCommits)")
            }
            try database.query(
                """
                INSERT INTO timelocked_commits (netuid, hotkey, commit_block, commit_epoch, reveal_epoch, reveal_round, ciphertext)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .integer(netuid), .text(hotkey), .integer(block), .integer(epoch), .integer(epoch + subnet.revealPeriod),
                    .integer(round), .text(Hex.encode(commit)),
                ])
            try database.query(
                "UPDATE neurons SET last_update = ? WHERE netuid = ? AND uid = ?", [.integer(block), .integer(netuid), .integer(validator)])
            try record(
                block: block, netuid: netuid, "TimelockedWeightsCommitted",
                "\(hotkey) for round \(round), reveal epoch \(epoch + subnet.revealPeriod)")
        }
    }

    // MARK: - Reveal

    /// Reveals the commits due by `block` (inside a transaction). A commit whose pulse came during
    /// its reveal epoch is opened even if nobody read the chain then; one whose pulse did not is
    /// dropped once that epoch is over.
    func revealTimelockedCommits(netuid: Int, block: Int) throws {
        guard let subnet = try? subnetRow(netuid) else { return }
        let epoch = block / subnet.tempo
        let due = try database.query(
            """
            SELECT id, hotkey, reveal_epoch, reveal_round, ciphertext FROM timelocked_commits
            WHERE netuid = ? AND reveal_epoch <= ? ORDER BY id
            """, [.integer(netuid), .integer(epoch)])
        let now = Self.nowNanoseconds()
        let genesis = try database.query("SELECT genesis_ns FROM chain WHERE id = 1").first?[0].int ?? 0
        for row in due {
            guard let id = row[0].int, let hotkey = row[1].string, let revealEpoch = row[2].int, let round = row[3].int,
                let text = row[4].string
            else { continue }
            let windowEnd = genesis + (revealEpoch + 1) * subnet.tempo * blockNanoseconds
            let (publishedNanoseconds, tooLate) = beacon.chain.time(of: UInt64(max(1, round))).multipliedReportingOverflow(
                by: 1_000_000_000)
            if tooLate || publishedNanoseconds > UInt64(max(0, min(now, windowEnd))) {
                if revealEpoch < epoch {
                    try drop(id, block: block, netuid: netuid, "no pulse for round \(round) during reveal epoch \(revealEpoch) (\(hotkey))")
                }
                continue
            }
            let outcome = reveal(hotkey: hotkey, netuid: netuid, ciphertext: Hex.decode(text) ?? [], round: UInt64(max(1, round)))
            switch outcome {
            case .failure(let reason):
                try drop(id, block: block, netuid: netuid, "\(reason) (\(hotkey))")
            case .success(let payload):
                try database.query("DELETE FROM timelocked_commits WHERE id = ?", [.integer(id)])
                do {
                    let validator = try uid(of: hotkey, netuid: netuid)
                    let weights = zip(payload.uids, payload.values).map { (uid: Int($0), weight: Int($1)) }
                    try applyWeights(netuid: netuid, validator: validator, weights: Self.maxUpscaled(weights), block: block)
                    try record(
                        block: block, netuid: netuid, "TimelockedWeightsRevealed", "\(hotkey) round \(round): \(weights.count) weights")
                } catch let error as ChainError {
                    try record(block: block, netuid: netuid, "TimelockedCommitDropped", "weights not applied: \(error) (\(hotkey))")
                }
            }
        }
    }

    private enum RevealOutcome {
        case success(WeightsTlockPayload)
        case failure(String)
    }

    /// The pulse for `round` (signed now if the pallet has not stored it yet, and verified before
    /// use, as `write_pulse` does), the decryption, and the payload's hotkey check.
    private func reveal(hotkey: String, netuid: Int, ciphertext: [UInt8], round: UInt64) -> RevealOutcome {
        let pulse: DrandBeacon
        do {
            pulse = try storedPulse(round: round)
            try pulse.verify(against: beacon.chain)
        } catch {
            return .failure("pulse for round \(round): \(error)")
        }
        let plaintext: [UInt8]
        do {
            plaintext = try Timelock.decrypt(ciphertext, signature: pulse.signature)
        } catch {
            return .failure("\(error)")
        }
        guard let payload = try? WeightsTlockPayload(decoding: plaintext) else {
            return .failure("the payload is not SCALE WeightsTlockPayload")
        }
        if let key = payload.hotkey, key != (try? SS58.decode(hotkey)) {
            return .failure("the payload's hotkey is not the committer's")
        }
        guard payload.uids.count == payload.values.count else {
            return .failure("\(payload.uids.count) uids but \(payload.values.count) values")
        }
        guard Set(payload.uids).count == payload.uids.count else { return .failure("a uid appears twice") }
        return .success(payload)
    }

    private func storedPulse(round: UInt64) throws -> DrandBeacon {
        if let text = try database.query("SELECT signature FROM pulses WHERE round = ?", [.integer(Int(clamping: round))]).first?[0].string,
            let signature = Hex.decode(text)
        {
            return try DrandBeacon(round: round, signature: signature)
        }
        let pulse = beacon.pulse(round: round)
        try database.query(
            "INSERT OR IGNORE INTO pulses (round, signature) VALUES (?, ?)",
            [.integer(Int(clamping: round)), .text(Hex.encode(pulse.signatureBytes))])
        return pulse
    }

    /// The chain's `vec_u16_max_upscale_to_u16`: the largest value becomes 65 535.
    static func maxUpscaled(_ weights: [(uid: Int, weight: Int)]) -> [(uid: Int, weight: Int)] {
        guard let largest = weights.map(\.weight).max(), largest > 0 else { return weights }
        return weights.map { (uid: $0.uid, weight: ($0.weight * 65_535 + largest / 2) / largest) }
    }

    private func drop(_ id: Int, block: Int, netuid: Int, _ reason: String) throws {
        try database.query("DELETE FROM timelocked_commits WHERE id = ?", [.integer(id)])
        try record(block: block, netuid: netuid, "TimelockedCommitDropped", reason)
    }

    private func record(block: Int, netuid: Int, _ name: String, _ detail: String) throws {
        try database.query(
            "INSERT INTO chain_events (block, netuid, name, detail) VALUES (?, ?, ?, ?)",
            [.integer(block), .integer(netuid), .text(name), .text(detail)])
    }

    // MARK: - Reading and administration

    /// The subnet's recorded commit-reveal events, oldest first.
    public func events(netuid: Int) throws -> [Event] {
        try database.transaction { try revealTimelockedCommits(netuid: netuid, block: try currentBlock()) }
        return try database.query("SELECT block, name, detail FROM chain_events WHERE netuid = ? ORDER BY id", [.integer(netuid)]).map {
            Event(block: $0[0].int ?? 0, name: $0[1].string ?? "", detail: $0[2].string ?? "")
        }
    }

    /// Timelocked commits not yet revealed or dropped.
    public func pendingTimelockedCommits(netuid: Int) throws -> Int {
        try database.transaction { try revealTimelockedCommits(netuid: netuid, block: try currentBlock()) }
        return try database.query("SELECT COUNT(*) FROM timelocked_commits WHERE netuid = ?", [.integer(netuid)]).first?[0].int ?? 0
    }

    /// The subnet owner's switch (`sudo_set_commit_reveal_weights_enabled`).
    public func setCommitReveal(netuid: Int, enabled: Bool) throws {
        _ = try subnetRow(netuid)
        try database.query("UPDATE subnets SET commit_reveal = ? WHERE netuid = ?", [.integer(enabled ? 1 : 0), .integer(netuid)])
    }

    /// The chain's beacon (its public key, genesis and period), for clients that encrypt to it.
    public var beaconChain: DrandChain { beacon.chain }
}
