import CSQLite
#if canImport(Glibc)
    import Glibc
#endif

/// A thin, synchronous SQLite connection shared by the embedded stores (the local chain, the
/// miner's allocations): WAL journal and a busy timeout so several processes share one file,
/// and `BEGIN IMMEDIATE` transactions so a read-modify-write by one process never interleaves
/// with another's.
///
/// Not `Sendable`: each store owns its connection inside an actor or a lock.
public final class SQLiteDatabase {
    private var handle: OpaquePointer?
    /// Compiled statements by their text, so a statement run again (a nonce recorded per
    /// request, a store's every lookup) is not parsed and planned again. Bounded: past the
    /// limit, statements are compiled for one use, as SQL built at run time would otherwise
    /// grow it without end.
    private var statements: [String: OpaquePointer] = [:]
    private static let cachedStatementLimit = 64

    /// Opens (or makes) the database at `path`. With `readOnly`, the file must exist, nothing
    /// is written (not even the journal mode) and writes fail: a reader of another process's
    /// database, such as the Register API reading the validator's results.
    public init(path: String, readOnly: Bool = false, busyTimeoutMilliseconds: Int32 = 10_000) throws(SQLiteError) {
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_FULLMUTEX
        guard sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            throw SQLiteError("\(path): \(message)")
        }
        sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
        if readOnly { return }
        // Switching a new file to WAL needs an exclusive lock, and SQLite answers "database is
        // locked" at once, without its busy handler, while another process is doing the same:
        // several processes opening a fresh file together retry here.
        var attempts = 0
        while true {
            do {
                try execute("PRAGMA journal_mode=WAL")
                break
            } catch  where error.message.contains("locked") && attempts < 200 {
                attempts += 1
                usleep(50_000)
            }
        }
        try execute("PRAGMA synchronous=NORMAL")
        try execute("PRAGMA foreign_keys=ON")
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close(handle)
    }

    /// A SQL value.
    public enum Value: Equatable {
        case integer(Int)
        case real(Double)
        case text(String)
        case null

        /// An integer, or a real with an integer value in `Int`'s range (nil rather than a trap
        /// for NaN, infinities and anything past ±2⁶³).
        public var int: Int? {
            if case let .integer(v) = self { v } else if case let .real(v) = self { Int(exactly: v.rounded(.towardZero)) } else { nil }
        }
        public var double: Double? { if case let .real(v) = self { v } else if case let .integer(v) = self { Double(v) } else { nil } }
        public var string: String? { if case let .text(v) = self { v } else { nil } }
    }

    public func execute(_ sql: String) throws(SQLiteError) {
        var error: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &error) == SQLITE_OK else {
            let message = error.map { String(cString: $0) } ?? "failed"
            sqlite3_free(error)
            throw SQLiteError(message)
        }
    }

    /// Runs `sql` with `parameters` and returns every row.
    @discardableResult
    public func query(_ sql: String, _ parameters: [Value] = []) throws(SQLiteError) -> [[Value]] {
        let (statement, cached) = try prepare(sql)
        defer {
            if cached {
                sqlite3_reset(statement)
                sqlite3_clear_bindings(statement)
            } else {
                sqlite3_finalize(statement)
            }
        }
        for (index, parameter) in parameters.enumerated() {
            let position = Int32(index + 1)
            switch parameter {
            case let .integer(value): sqlite3_bind_int64(statement, position, Int64(value))
            case let .real(value): sqlite3_bind_double(statement, position, value)
            case let .text(value): sqlite3_bind_text(statement, position, value, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
            case .null: sqlite3_bind_null(statement, position)
            }
        }
        var rows = [[Value]]()
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { break }
            guard status == SQLITE_ROW else { throw SQLiteError(lastError) }
            rows.append(
                (0..<sqlite3_column_count(statement)).map { column in
                    switch sqlite3_column_type(statement, column) {
                    case SQLITE_INTEGER: .integer(Int(sqlite3_column_int64(statement, column)))
                    case SQLITE_FLOAT: .real(sqlite3_column_double(statement, column))
                    case SQLITE_TEXT: .text(String(cString: sqlite3_column_text(statement, column)))
                    default: .null
                    }
                })
        }
        return rows
    }

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction: committed if it returns, rolled back if
    /// it throws, so nothing is ever half-written.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// `sql` compiled, from the cache when it was compiled before; `cached` says whether the
    /// statement stays in the cache (reset after use) or is the caller's to finalize.
    private func prepare(_ sql: String) throws(SQLiteError) -> (statement: OpaquePointer, cached: Bool) {
        if let statement = statements[sql] { return (statement, true) }
        var compiled: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &compiled, nil) == SQLITE_OK, let statement = compiled else {
            sqlite3_finalize(compiled)
            throw SQLiteError(lastError)
        }
        guard statements.count < Self.cachedStatementLimit else { return (statement, false) }
        statements[sql] = statement
        return (statement, true)
    }

    private var lastError: String { String(cString: sqlite3_errmsg(handle)) }
}

/// A SQLite failure, with SQLite's own message.
public struct SQLiteError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    /// Whether the failure is a violated UNIQUE or PRIMARY KEY constraint.
    public var isConstraintViolation: Bool { message.contains("UNIQUE constraint failed") || message.contains("PRIMARY KEY") }

    public var description: String { message }
}
