import Foundation
import SQLiteStore
import Testing

/// The shared SQLite connection's compiled-statement cache: a statement run again answers as
/// the first time did, after errors, schema changes and past the cache's bound.
struct SQLiteDatabaseTests {
    /// Runs `body` with a new database file holding table `t`, removed afterwards.
    private static func withDatabase(_ body: (SQLiteDatabase) throws -> Void) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sqlite-\(UUID().uuidString).db").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let db = try SQLiteDatabase(path: path)
        try db.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)")
        try body(db)
    }

    @Test("a cached statement keeps no bindings or rows from its last run, and survives its own failure")
    func reuse() throws {
        try Self.withDatabase { (db: SQLiteDatabase) throws in
            let insert = "INSERT INTO t (k, v) VALUES (?, ?)"
            for i in 0..<50 { try db.query(insert, [.text("k\(i)"), .integer(i)]) }
            // The same statement failing (a duplicate key) is reset, so its next run works.
            #expect(throws: SQLiteError.self) { try db.query(insert, [.text("k1"), .integer(0)]) }
            try db.query(insert, [.text("k50"), .integer(50)])
            let select = "SELECT v FROM t WHERE k = ?"
            #expect(try db.query(select, [.text("k7")]) == [[.integer(7)]])
            #expect(try db.query(select, [.text("k50")]) == [[.integer(50)]])
            #expect(try db.query("SELECT k FROM t ORDER BY v").count == 51)
            // The cached statements hold no lock between runs: a write transaction goes.
            try db.transaction { _ = try db.query("DELETE FROM t WHERE v >= ?", [.integer(25)]) }
            #expect(try db.query("SELECT count(*) FROM t") == [[.integer(25)]])
        }
    }

    @Test("schema changes recompile cached statements; a dropped table fails them with SQLite's message")
    func schemaChange() throws {
        try Self.withDatabase { (db: SQLiteDatabase) throws in
            let select = "SELECT * FROM t"
            try db.query("INSERT INTO t VALUES ('a', 1)")
            #expect(try db.query(select) == [[.text("a"), .integer(1)]])
            try db.execute("ALTER TABLE t ADD COLUMN w TEXT")
            #expect(try db.query(select) == [[.text("a"), .integer(1), .null]])
            try db.execute("DROP TABLE t")
            #expect { try db.query(select) } throws: { ($0 as? SQLiteError)?.message.contains("no such table") == true }
        }
    }

    @Test("past the cache's bound, statements still run (compiled for one use)")
    func bound() throws {
        try Self.withDatabase { (db: SQLiteDatabase) throws in
            for i in 0..<200 {
                #expect(try db.query("SELECT \(i) + ?", [.integer(1)]) == [[.integer(i + 1)]])
            }
            for i in 0..<200 {
                #expect(try db.query("SELECT \(i) + ?", [.integer(2)]) == [[.integer(i + 2)]])
            }
        }
    }

    @Test("a real read as an integer: whole values in range, nil (not a trap) for the rest")
    func realAsInt() {
        #expect(SQLiteDatabase.Value.real(42.9).int == 42)
        #expect(SQLiteDatabase.Value.real(-3.5).int == -3)
        #expect(SQLiteDatabase.Value.real(.nan).int == nil)
        #expect(SQLiteDatabase.Value.real(.infinity).int == nil)
        #expect(SQLiteDatabase.Value.real(1e19).int == nil)
    }
}
