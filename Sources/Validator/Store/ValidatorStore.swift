import ComputeProtocol
import Foundation
import SQLiteStore

/// The validator's SQLite store: the miners it knows, every PoG result (a history, not just the
/// last four rows as the reference), the per-uid stats of the last scoring, the test
/// allocations in flight.
public actor ValidatorStore: TestAllocationLedger {
    private let database: SQLiteDatabase

    /// The latest passing result of a miner, which is what it is scored on.
    public struct Verified: Sendable, Equatable {
        public var hotkey: String
        public var device: String
        public var count: Int
        public var score: Double
        public var at: Double
    }

    /// One row of the PoG history.
    public struct Result: Sendable, Equatable {
        public var uid: Int
        public var hotkey: String
        public var passed: Bool
        public var device: String?
        public var count: Int?
        public var score: Double
        public var reason: String?
        public var elapsedSeconds: Double
        public var at: Double
    }

    public init(path: String) throws {
        let database = try SQLiteDatabase(path: path)
        try database.transaction {
            try database.execute(
                """
                CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS miners (uid INTEGER PRIMARY KEY, hotkey TEXT NOT NULL, seen_at REAL NOT NULL);
                CREATE TABLE IF NOT EXISTS pog_results (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    uid INTEGER NOT NULL, hotkey TEXT NOT NULL,
                    passed INTEGER NOT NULL, device TEXT, count INTEGER, score REAL NOT NULL,
                    reason TEXT, failure_kind TEXT, elapsed_s REAL NOT NULL, at REAL NOT NULL);
                CREATE INDEX IF NOT EXISTS pog_results_hotkey ON pog_results (hotkey, at);
                CREATE TABLE IF NOT EXISTS stats (
                    uid INTEGER PRIMARY KEY, hotkey TEXT NOT NULL, device TEXT, count INTEGER,
                    score REAL NOT NULL, allocated INTEGER NOT NULL, updated_at REAL NOT NULL);
                CREATE TABLE IF NOT EXISTS test_allocations (
                    hotkey TEXT PRIMARY KEY, uid INTEGER NOT NULL, ip TEXT NOT NULL, port INTEGER NOT NULL,
                    public_key TEXT NOT NULL, at REAL NOT NULL);
                DROP TABLE IF EXISTS rentals;
                """)
            if try database.query("SELECT version FROM schema_version").isEmpty {
                try database.query("INSERT INTO schema_version (version) VALUES (1)")
            }
        }
        self.database = database
    }

    /// Opens another process's store to read its results (the Register API): the file must
    /// exist, and nothing is created or written.
    public init(readingFrom path: String) throws {
        database = try SQLiteDatabase(path: path, readOnly: true)
    }

    // MARK: - Miners

    /// Replaces the uid → hotkey map; a uid whose hotkey changed was re-registered, so the old
    /// hotkey's history stops counting for it (results are kept by hotkey).
    public func syncMiners(_ miners: [(uid: Int, hotkey: String)]) throws {
        let now = Date().timeIntervalSince1970
        try database.transaction {
            try database.query("DELETE FROM miners")
            for miner in miners {
                try database.query(
                    "INSERT INTO miners (uid, hotkey, seen_at) VALUES (?, ?, ?)", [.integer(miner.uid), .text(miner.hotkey), .real(now)])
            }
        }
    }

    // MARK: - PoG results

    public func record(_ outcome: PoGOutcome, at time: Double = Date().timeIntervalSince1970) throws {
        let target = outcome.target
        switch outcome.result {
        case .busy: return
        case let .passed(device, count, score):
            try database.query(
                """
                INSERT INTO pog_results (uid, hotkey, passed, device, count, score, reason, failure_kind, elapsed_s, at)
                VALUES (?, ?, 1, ?, ?, ?, NULL, NULL, ?, ?)
                """,
                [
                    .integer(target.uid), .text(target.hotkey), .text(device), .integer(count), .real(score), .real(outcome.elapsedSeconds),
                    .real(time),
                ])
        case let .failed(failure):
            try database.query(
                """
                INSERT INTO pog_results (uid, hotkey, passed, device, count, score, reason, failure_kind, elapsed_s, at)
                VALUES (?, ?, 0, NULL, NULL, 0, ?, ?, ?, ?)
                """,
                [
                    .integer(target.uid), .text(target.hotkey), .text(failure.description), .text(failure.kind),
                    .real(outcome.elapsedSeconds), .real(time),
                ])
        }
    }

    /// The newest passing result per hotkey.
    public func latestVerified() throws -> [String: Verified] {
        let rows = try database.query(
            """
            SELECT hotkey, device, count, score, at FROM pog_results p
            WHERE passed = 1 AND at = (SELECT MAX(at) FROM pog_results q WHERE q.hotkey = p.hotkey AND q.passed = 1)
            """)
        var verified = [String: Verified]()
        for row in rows {
            guard let hotkey = row[0].string, let device = row[1].string, let count = row[2].int, let score = row[3].double,
                let at = row[4].double
            else { continue }
            verified[hotkey] = Verified(hotkey: hotkey, device: device, count: count, score: score, at: at)
        }
        return verified
    }

    /// The newest result per hotkey, passing or not.
    public func latestResults() throws -> [String: Result] {
        let rows = try database.query(
            """
            SELECT uid, hotkey, passed, device, count, score, reason, elapsed_s, at FROM pog_results p
            WHERE id = (SELECT MAX(id) FROM pog_results q WHERE q.hotkey = p.hotkey)
            """)
        return Dictionary(rows.compactMap(Self.result).map { ($0.hotkey, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// A miner's results, newest first.
    public func history(hotkey: String, limit: Int = 50) throws -> [Result] {
        try database.query(
            """
            SELECT uid, hotkey, passed, device, count, score, reason, elapsed_s, at FROM pog_results
            WHERE hotkey = ? ORDER BY id DESC LIMIT ?
            """, [.text(hotkey), .integer(limit)]
        ).compactMap(Self.result)
    }

    private static func result(_ row: [SQLiteDatabase.Value]) -> Result? {
        guard let uid = row[0].int, let hotkey = row[1].string, let passed = row[2].int, let score = row[5].double,
            let elapsed = row[7].double, let at = row[8].double
        else { return nil }
        return Result(
            uid: uid, hotkey: hotkey, passed: passed == 1, device: row[3].string, count: row[4].int, score: score,
            reason: row[6].string, elapsedSeconds: elapsed, at: at)
    }

    // MARK: - Stats

    public struct Stat: Sendable, Equatable {
        public var uid: Int
        public var hotkey: String
        public var device: String?
        public var count: Int?
        public var score: Double
        public var allocated: Bool
    }

    public func writeStats(_ stats: [Stat]) throws {
        let now = Date().timeIntervalSince1970
        try database.transaction {
            try database.query("DELETE FROM stats")
            for stat in stats {
                try database.query(
                    "INSERT INTO stats (uid, hotkey, device, count, score, allocated, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        .integer(stat.uid), .text(stat.hotkey), stat.device.map { .text($0) } ?? .null,
                        stat.count.map { .integer($0) } ?? .null,
                        .real(stat.score), .integer(stat.allocated ? 1 : 0), .real(now),
                    ])
            }
        }
    }

    public func stats() throws -> [Stat] {
        try database.query("SELECT uid, hotkey, device, count, score, allocated FROM stats ORDER BY uid").compactMap { row in
            guard let uid = row[0].int, let hotkey = row[1].string, let score = row[4].double else { return nil }
            return Stat(uid: uid, hotkey: hotkey, device: row[2].string, count: row[3].int, score: score, allocated: row[5].int == 1)
        }
    }

    // MARK: - Test allocations in flight (TestAllocationLedger)

    public func record(_ target: MinerTarget, publicKey: String) throws {
        try database.query(
            "INSERT OR REPLACE INTO test_allocations (hotkey, uid, ip, port, public_key, at) VALUES (?, ?, ?, ?, ?, ?)",
            [
                .text(target.hotkey), .integer(target.uid), .text(target.ip), .integer(target.port), .text(publicKey),
                .real(Date().timeIntervalSince1970),
            ])
    }

    public func forget(_ hotkey: String) throws {
        try database.query("DELETE FROM test_allocations WHERE hotkey = ?", [.text(hotkey)])
    }

    /// Test allocations a previous run made and did not release.
    public func pendingTestAllocations() throws -> [(target: MinerTarget, publicKey: String)] {
        try database.query("SELECT hotkey, uid, ip, port, public_key FROM test_allocations").compactMap { row in
            guard let hotkey = row[0].string, let uid = row[1].int, let ip = row[2].string, let port = row[3].int, let key = row[4].string
            else { return nil }
            return (MinerTarget(uid: uid, hotkey: hotkey, ip: ip, port: port), key)
        }
    }
}
