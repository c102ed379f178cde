import SQLiteStore

/// The axon's nonce memory on disk (SQLite), so a request captured before a restart cannot be
/// replayed after it: the last accepted nonce per `"{hotkey}:{uuid}"`, kept for
/// ``NonceGuard/retention``.
///
/// Not `Sendable` on its own: ``NonceLedgerWriter`` owns it and uses it from its queue only.
final class NonceLedger {
    private let database: SQLiteDatabase

    init(path: String) throws(SQLiteError) {
        let database = try SQLiteDatabase(path: path)
        try database.execute(
            """
            CREATE TABLE IF NOT EXISTS axon_nonces (
                key TEXT PRIMARY KEY,
                nonce INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS axon_nonces_by_nonce ON axon_nonces (nonce);
            """)
        self.database = database
    }

    /// Every key whose last nonce is at or after `horizon`.
    func load(since horizon: Int) throws(SQLiteError) -> [(key: String, nonce: Int)] {
        try database.query("SELECT key, nonce FROM axon_nonces WHERE nonce >= ?", [.integer(horizon)]).compactMap { row in
            guard row.count == 2, let key = row[0].string, let nonce = row[1].int else { return nil }
            return (key, nonce)
        }
    }

    /// Records `nonce` for `key`, never lowering what is stored.
    func record(key: String, nonce: Int) throws(SQLiteError) {
        try database.query(
            """
            INSERT INTO axon_nonces (key, nonce) VALUES (?, ?)
            ON CONFLICT (key) DO UPDATE SET nonce = excluded.nonce WHERE excluded.nonce > axon_nonces.nonce
            """, [.text(key), .integer(nonce)])
    }

    /// Records each of `records` as ``record(key:nonce:)`` does, in one transaction.
    func record(_ records: [(key: String, nonce: Int)]) throws(SQLiteError) {
        do {
            try database.transaction {
                for (key, nonce) in records { try record(key: key, nonce: nonce) }
            }
        } catch let error as SQLiteError {
            throw error
        } catch {
            throw SQLiteError("\(error)")
        }
    }

    /// Forgets keys whose last nonce is before `horizon`.
    func prune(before horizon: Int) throws(SQLiteError) {
        try database.query("DELETE FROM axon_nonces WHERE nonce < ?", [.integer(horizon)])
    }
}
