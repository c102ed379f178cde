import Foundation
import SQLiteStore

/// The miner's allocations in SQLite, so they survive restarts. The `live` column is 1 for the
/// one allocation that is not `gone` and NULL otherwise; its UNIQUE constraint is what makes
/// "one allocation at a time" atomic, even against a second miner process on the same file.
public actor AllocationStore {
    private let database: SQLiteDatabase

    public init(path: String) throws {
        let database = try SQLiteDatabase(path: path)
        try database.transaction {
            try database.execute(
                """
                CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS allocations (
                    id TEXT PRIMARY KEY,
                    state TEXT NOT NULL CHECK (state IN ('creating', 'running', 'paused', 'terminating', 'gone')),
                    live INTEGER UNIQUE CHECK (live IS NULL OR live = 1),
                    owner_hotkey TEXT NOT NULL,
                    public_key TEXT NOT NULL,
                    container_name TEXT NOT NULL UNIQUE,
                    container_id TEXT,
                    ssh_port INTEGER NOT NULL,
                    testing INTEGER NOT NULL,
                    cpu_count INTEGER, memory_bytes INTEGER, disk_bytes INTEGER, gpu_count INTEGER NOT NULL,
                    created_at REAL NOT NULL,
                    expires_at REAL NOT NULL,
                    ended_at REAL,
                    end_reason TEXT,
                    CHECK ((state = 'gone') = (live IS NULL))
                );
                """)
            if try database.query("SELECT version FROM schema_version").isEmpty {
                try database.query("INSERT INTO schema_version (version) VALUES (1)")
            }
        }
        self.database = database
    }

    /// Inserts `record` (state `creating`) unless another allocation is live.
    public func begin(_ record: AllocationRecord) throws(AllocationRefusal) {
        do {
            try database.query(
                """
                INSERT INTO allocations (id, state, live, owner_hotkey, public_key, container_name, container_id, ssh_port, testing,
                    cpu_count, memory_bytes, disk_bytes, gpu_count, created_at, expires_at)
                VALUES (?, 'creating', 1, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(record.id), .text(record.ownerHotkey), .text(record.publicKey), .text(record.containerName),
                    .integer(record.sshPort), .integer(record.testing ? 1 : 0), Self.value(record.resources.cpuCount),
                    Self.value(record.resources.memoryBytes), Self.value(record.resources.diskBytes),
                    .integer(record.resources.gpuCount), .real(record.createdAt), .real(record.expiresAt),
                ])
        } catch let error where error.isConstraintViolation {
            throw .busy
        } catch {
            throw .engine("allocation store: \(error)")
        }
    }

    /// Moves the live allocation `id` to `state` (not `gone`: use ``close``), recording the
    /// container id when given.
    public func update(_ id: String, to state: AllocationState, containerID: String? = nil) throws {
        precondition(state != .gone, "close an allocation with close(_:reason:)")
        try database.query(
            "UPDATE allocations SET state = ?, container_id = COALESCE(?, container_id) WHERE id = ? AND live = 1",
            [.text(state.rawValue), containerID.map { .text($0) } ?? .null, .text(id)])
    }

    /// Ends allocation `id` for `reason`; the slot is free again.
    public func close(_ id: String, reason: String, at time: Double = Date().timeIntervalSince1970) throws {
        try database.query(
            "UPDATE allocations SET state = 'gone', live = NULL, ended_at = ?, end_reason = ? WHERE id = ? AND live = 1",
            [.real(time), .text(reason), .text(id)])
    }

    /// The live allocation, if any.
    public func live() throws -> AllocationRecord? {
        try database.query("SELECT \(Self.columns) FROM allocations WHERE live = 1").first.flatMap(Self.record)
    }

    public func record(id: String) throws -> AllocationRecord? {
        try database.query("SELECT \(Self.columns) FROM allocations WHERE id = ?", [.text(id)]).first.flatMap(Self.record)
    }

    /// Every allocation, newest first (at most `limit`).
    public func history(limit: Int = 100) throws -> [AllocationRecord] {
        try database.query("SELECT \(Self.columns) FROM allocations ORDER BY created_at DESC LIMIT ?", [.integer(limit)]).compactMap(
            Self.record)
    }

    private static let columns = """
        id, state, owner_hotkey, public_key, container_name, container_id, ssh_port, testing, cpu_count, memory_bytes,
        disk_bytes, gpu_count, created_at, expires_at, ended_at, end_reason
        """

    private static func record(_ row: [SQLiteDatabase.Value]) -> AllocationRecord? {
        guard row.count == 16, let id = row[0].string, let state = row[1].string.flatMap(AllocationState.init(rawValue:)),
            let owner = row[2].string, let key = row[3].string, let name = row[4].string, let port = row[6].int,
            let created = row[12].double, let expires = row[13].double
        else { return nil }
        let resources = ResourceRequest(
            cpuCount: row[8].int, memoryBytes: row[9].int, diskBytes: row[10].int,
            gpuCount: row[11].int ?? 0, testing: row[7].int == 1)
        return AllocationRecord(
            id: id, state: state, ownerHotkey: owner, publicKey: key, containerName: name,
            containerID: row[5].string, sshPort: port, testing: row[7].int == 1, resources: resources,
            createdAt: created, expiresAt: expires, endedAt: row[14].double, endReason: row[15].string)
    }

    private static func value(_ int: Int?) -> SQLiteDatabase.Value { int.map { .integer($0) } ?? .null }
}
