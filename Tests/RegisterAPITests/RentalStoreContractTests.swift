import BittensorNetwork
import ComputeProtocol
import Foundation
@testable import RegisterAPI
import Synchronization
import Testing

/// What every ``RentalStore`` promises, checked on SQLite and on a real PostgreSQL server alike.
@Suite("Rental stores: SQLite and PostgreSQL keep the same promises")
struct RentalStoreContractTests {
    @Test(
        "API keys: shown once, only the hash kept; rentals visible to their owner or an admin; one rental per miner; health counts",
        arguments: TestDatabase.allCases)
    func keysAndRentals(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            let (aliceKey, alice) = try await store.createKey(name: "alice", admin: false)
            let (_, bob) = try await store.createKey(name: "bob", admin: false)
            let (_, admin) = try await store.createKey(name: "ops", admin: true)
            #expect(aliceKey.hasPrefix("nic_") && aliceKey.count == 68)
            #expect(alice.id != bob.id && alice.id > 0)
            #expect(try await store.authenticate(aliceKey) == alice)
            #expect(try await store.authenticate(aliceKey + "0") == nil)
            #expect(try await store.authenticate("nic_" + String(repeating: "0", count: 64)) == nil)
            if let sqlite = store as? SQLiteRentalStore {
                let file =
                    try String(contentsOfFile: sqlite.path, encoding: .isoLatin1)
                    + ((try? String(contentsOfFile: sqlite.path + "-wal", encoding: .isoLatin1)) ?? "")
                #expect(!file.contains(aliceKey), "the key itself is never stored")
            }

            let rental = RentalRecord(
                uuid: "u1", ownerKeyID: alice.id, hotkey: "h", ip: "127.0.0.1", port: 4444, username: "root", password: "pw",
                regkey: "pem", sshKey: "", resource: "CPU", minerVersion: 221, createdAt: 1.5,
                userPorts: [UserPort(internalPort: 27015, externalPort: 30015), UserPort(internalPort: 27016, externalPort: 30016)])
            try await store.insert(rental)
            #expect(try await store.rental(hotkey: "h") == rental, "every field, the user ports included, comes back")
            #expect(rental.allocationJSON["external_user_ports"] == .object([("27015", .int(30015)), ("27016", .int(30016))]))
            #expect(try await store.rentals(visibleTo: alice).map(\.uuid) == ["u1"])
            #expect(try await store.rentals(visibleTo: bob).isEmpty)
            #expect(try await store.rentals(visibleTo: admin).map(\.uuid) == ["u1"])
            var second = rental
            second.uuid = "u2"
            await #expect(throws: (any Error).self, "a miner has one rental at a time") { try await store.insert(second) }
            #expect(try await store.recordHealth(uuid: "u1", healthy: false).map { [$0.wasOnline ? 1 : 0, $0.failures] } == [1, 1])
            #expect(try await store.recordHealth(uuid: "u1", healthy: false).map { [$0.wasOnline ? 1 : 0, $0.failures] } == [0, 2])
            #expect(try await store.recordHealth(uuid: "u1", healthy: true).map { [$0.wasOnline ? 1 : 0, $0.failures] } == [0, 0])
            #expect(try await store.recordHealth(uuid: "gone", healthy: true) == nil)
            try await store.delete(uuid: "u1")
            #expect(try await store.allRentals().isEmpty)
        }
    }

    @Test(
        "Idempotency-Key claims: one runner, repeats wait, answers replay, keys do not share slots, dead claims are taken over",
        arguments: TestDatabase.allCases)
    func idempotency(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            #expect(try await store.claimIdempotency(keyID: 1, idempotencyKey: "k", now: 1_000, staleAfter: 600) == .claimed)
            #expect(try await store.claimIdempotency(keyID: 1, idempotencyKey: "k", now: 1_001, staleAfter: 600) == .inProgress)
            #expect(try await store.claimIdempotency(keyID: 2, idempotencyKey: "k", now: 1_001, staleAfter: 600) == .claimed)
            try await store.rememberAnswer(keyID: 1, idempotencyKey: "k", status: 200, body: Array("{\"a\":1}".utf8))
            #expect(
                try await store.claimIdempotency(keyID: 1, idempotencyKey: "k", now: 1_002, staleAfter: 600)
                    == .answered(status: 200, body: Array("{\"a\":1}".utf8)))
            // Key 2's claim was left by an instance that died: after staleAfter it is taken over, once.
            #expect(try await store.claimIdempotency(keyID: 2, idempotencyKey: "k", now: 1_700, staleAfter: 600) == .claimed)
            #expect(try await store.claimIdempotency(keyID: 2, idempotencyKey: "k", now: 1_701, staleAfter: 600) == .inProgress)

            // Twenty racing claims of one slot: exactly one wins.
            let wins = try await withThrowingTaskGroup(of: IdempotencyClaim.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await store.claimIdempotency(keyID: 3, idempotencyKey: "race", now: 5_000, staleAfter: 600) }
                }
                var claims = [IdempotencyClaim]()
                for try await claim in group { claims.append(claim) }
                return claims.filter { $0 == .claimed }.count
            }
            #expect(wins == 1)
        }
    }

    @Test(
        "SSH passwords sealed at rest: not in the database's bytes, read back whole; the SQLite file is its owner's alone",
        arguments: TestDatabase.allCases)
    func passwordsSealed(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            let (_, alice) = try await store.createKey(name: "alice", admin: false)
            let password = "pw-" + UUID().uuidString
            let rental = RentalRecord(
                uuid: "u1", ownerKeyID: alice.id, hotkey: "h", ip: "127.0.0.1", port: 4444, username: "root", password: password,
                regkey: "pem", sshKey: "", resource: "CPU", minerVersion: 190, createdAt: 1.5)
            try await store.insert(rental)
            #expect(try await store.rental(hotkey: "h")?.password == password)
            #expect(try await store.rentals(visibleTo: alice).first?.password == password)
            let stored: String
            switch store {
            case let sqlite as SQLiteRentalStore:
                stored =
                    try String(contentsOfFile: sqlite.path, encoding: .isoLatin1)
                    + ((try? String(contentsOfFile: sqlite.path + "-wal", encoding: .isoLatin1)) ?? "")
                let mode = try #require(try FileManager.default.attributesOfItem(atPath: sqlite.path)[.posixPermissions] as? Int)
                #expect(mode == 0o600, "api.sqlite mode \(String(mode, radix: 8))")
            case let postgres as PostgresRentalStore:
                var components = try #require(URLComponents(string: try TestDatabase.postgresServer()))
                components.path = "/" + postgres.address.database
                stored = try TestDatabase.psql(components.string ?? "", "SELECT password FROM rentals")
            default:
                Issue.record("an unknown store")
                return
            }
            #expect(!stored.contains(password), "the password is in the database as it is")
            #expect(stored.contains(CredentialSealer.prefix), "sealed values are in the database")
        }
    }

    @Test(
        "allocations in flight: written before the miner is asked, turned into the rental in one step, stale ones found, abandoned ones gone",
        arguments: TestDatabase.allCases)
    func pendingAllocations(_ database: TestDatabase) async throws {
        try await database.withFreshStore { (store: any RentalStore) async throws in
            let (_, alice) = try await store.createKey(name: "alice", admin: false)
            try await store.beginAllocation(
                PendingAllocation(uuid: "u1", ownerKeyID: alice.id, hotkey: "h1", regkey: "pem1", createdAt: 100))
            try await store.beginAllocation(
                PendingAllocation(uuid: "u2", ownerKeyID: alice.id, hotkey: "h2", regkey: "pem2", createdAt: 5_000))
            #expect(try await store.staleAllocations(before: 1_000).map(\.uuid) == ["u1"])
            #expect(try await store.staleAllocations(before: 9_000).map(\.regkey) == ["pem1", "pem2"])
            let rental = RentalRecord(
                uuid: "u2", ownerKeyID: alice.id, hotkey: "h2", ip: "127.0.0.1", port: 4444, username: "root", password: "pw",
                regkey: "pem2", sshKey: "", resource: "CPU", minerVersion: 190, createdAt: 5_001)
            try await store.finishAllocation(rental)
            #expect(try await store.rental(hotkey: "h2") == rental)
            #expect(try await store.staleAllocations(before: 9_000).map(\.uuid) == ["u1"], "the rental replaced its pending row")
            try await store.abandonAllocation(uuid: "u1")
            #expect(try await store.staleAllocations(before: 9_000).isEmpty)
        }
    }

    @Test("idempotency answers older than the retention are forgotten, newer ones kept", arguments: TestDatabase.allCases)
    func idempotencyPruned(_ database: TestDatabase) async throws {
        try await database.withFreshStore { (store: any RentalStore) async throws in
            #expect(try await store.claimIdempotency(keyID: 1, idempotencyKey: "old", now: 1_000, staleAfter: 600) == .claimed)
            #expect(try await store.claimIdempotency(keyID: 1, idempotencyKey: "new", now: 90_000, staleAfter: 600) == .claimed)
            #expect(try await store.pruneIdempotency(before: 2_000) == 1)
            #expect(try await store.pruneIdempotency(before: 2_000) == 0)
            #expect(
                try await store.claimIdempotency(keyID: 1, idempotencyKey: "old", now: 90_001, staleAfter: 600) == .claimed, "forgotten")
            #expect(try await store.claimIdempotency(keyID: 1, idempotencyKey: "new", now: 90_001, staleAfter: 600) == .inProgress, "kept")
        }
    }

    @Test(
        "the outbox: leased batches never overlap, a lease expires, retries are rescheduled, delivered ones go",
        arguments: TestDatabase.allCases)
    func outbox(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            for index in 0..<30 { try await store.enqueueWebhook(url: "http://r/\(index)", body: "{\"n\":\(index)}", now: 100) }
            #expect(try await store.pendingWebhooks() == 30)
            // Two senders at once get disjoint batches.
            async let first = store.leaseDueWebhooks(now: 100, until: 400, limit: 20)
            async let second = store.leaseDueWebhooks(now: 100, until: 400, limit: 20)
            let (a, b) = try await (first, second)
            #expect(a.count + b.count == 30 && Set(a.map(\.id)).isDisjoint(with: b.map(\.id)), "\(a.count) + \(b.count)")
            #expect(try await store.leaseDueWebhooks(now: 200, until: 500, limit: 20).isEmpty, "leased until 400")
            let all = (a + b).sorted { $0.id < $1.id }
            #expect(all.first?.body == "{\"n\":0}" && all.first?.createdAt == 100 && all.first?.attempts == 0)
            for webhook in all.dropFirst() { try await store.deleteWebhook(id: webhook.id) }
            let kept = try #require(all.first)
            try await store.rescheduleWebhook(id: kept.id, nextAt: 150, error: "HTTP 500")
            let retried = try await store.leaseDueWebhooks(now: 200, until: 500, limit: 20)
            #expect(retried.map(\.id) == [kept.id] && retried.first?.attempts == 1)
            #expect(try await store.pendingWebhooks() == 1)
        }
    }

    @Test("miner specs: the latest answer per miner", arguments: TestDatabase.allCases)
    func specs(_ database: TestDatabase) async throws {
        try await database.withFreshStore { store in
            try await store.saveSpecs(hotkey: "a", specs: "{\"cpu\":1}", at: 1)
            try await store.saveSpecs(hotkey: "b", specs: "{\"cpu\":2}", at: 1)
            try await store.saveSpecs(hotkey: "a", specs: "{\"cpu\":3}", at: 2)
            #expect(try await store.allSpecs() == ["a": "{\"cpu\":3}", "b": "{\"cpu\":2}"])
        }
    }

    @Test("the leader lock: one holder among instances; released or lost, another takes it", arguments: TestDatabase.allCases)
    func leaderLock(_ database: TestDatabase) async throws {
        let location = try database.make()
        defer { TestDatabase.drop(location) }
        try await location.withStore { one in
            try await location.withStore { two in
                let first = one.leaderLock(), second = two.leaderLock()
                #expect(try await first.acquire())
                #expect(try await second.acquire() == false)
                #expect(await first.stillHeld())
                await first.release()
                #expect(try await second.acquire())
                #expect(try await first.acquire() == false)
                guard case let .postgres(address) = location else { return }
                // The leader's session dies (a crash, a partition): the lock is lost with it.
                let server = try TestDatabase.postgresServer()
                try TestDatabase.psql(
                    server,
                    """
                    SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = \(PostgresRentalStore.leaderLockID & 0xFFFF_FFFF) AND granted
                    """)
                #expect(await second.stillHeld() == false)
                await second.release()
                #expect(try await first.acquire(), "\(address.database): the lock is free again")
                await first.release()
            }
        }
    }

    @Test(
        "rental events: relayed to every instance only while this one's LISTEN is up, delivered here directly before; SQLite has no relay",
        arguments: TestDatabase.allCases)
    func eventRelay(_ database: TestDatabase) async throws {
        let location = try database.make()
        defer { TestDatabase.drop(location) }
        try await location.withStore { one in
            try await location.withStore { two in
                guard let a = one.eventRelay() as? PostgresEventRelay, let b = two.eventRelay() as? PostgresEventRelay else {
                    #expect(database == .sqlite && one.eventRelay() == nil)
                    return
                }
                // Instance A's events, with its LISTEN not up yet: a NOTIFY would never come
                // back to A's own clients, so the relay declines and A delivers them itself.
                let events = RentalEvents()
                events.relay(through: a)
                let owner = APIKey(id: 7, name: "renter", admin: false)
                let client = events.subscribe(owner)
                #expect(await a.send("early") == false)
                await events.publish(status: "ALLOCATED", hotkey: "5Hot", uuid: "u-1", ownerKeyID: owner.id)
                #expect(await first(of: client, within: .seconds(5))?["payload"]?["status"] == .string("ALLOCATED"))

                let heardByA = Heard(), heardByB = Heard()
                await withTaskGroup(of: Void.self) { group in
                    group.addTask { await a.listen(heardByA.append) }
                    group.addTask { await b.listen(heardByB.append) }
                    #expect(await eventually { a.isListening && b.isListening }, "both LISTENs up")
                    #expect(await a.send("from-a"))
                    #expect(
                        await eventually { heardByA.events == ["from-a"] && heardByB.events == ["from-a"] },
                        "A: \(heardByA.events), B: \(heardByB.events)")
                    group.cancelAll()
                }
                // The listener stopped: back to declining.
                #expect(!a.isListening)
                #expect(await a.send("late") == false)
            }
        }
    }

    /// What one instance's listener received.
    final class Heard: Sendable {
        private let received = Mutex<[String]>([])
        var events: [String] { received.withLock { $0 } }
        @Sendable func append(_ event: String) { received.withLock { $0.append(event) } }
    }

    /// The first event of `stream`, or nil when none comes within `limit`.
    private func first(of stream: AsyncStream<JSONValue>, within limit: Duration) async -> JSONValue? {
        await withTaskGroup(of: JSONValue?.self) { group in
            group.addTask {
                for await event in stream { return event }; return nil
            }
            group.addTask {
                try? await Task.sleep(for: limit); return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    /// Polls `condition` every 50 ms for up to 10 s.
    private func eventually(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<200 {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }

    @Test("--db.url: SQLite paths and postgres:// URLs parsed; broken ones, wrong passwords and missing databases named at once")
    func databaseURLs() async throws {
        #expect(try DatabaseLocation(url: "/var/lib/api.sqlite") == .sqlite(path: "/var/lib/api.sqlite"))
        #expect(try DatabaseLocation(url: "sqlite:///var/lib/api.sqlite") == .sqlite(path: "/var/lib/api.sqlite"))
        guard case let .postgres(address) = try DatabaseLocation(url: "postgresql://ops:p%40ss@db.internal:6543/rentals?sslmode=require")
        else {
            Issue.record("not PostgreSQL")
            return
        }
        #expect(
            address.host == "db.internal" && address.port == 6543 && address.username == "ops" && address.password == "p@ss"
                && address.database == "rentals" && address.requireTLS)
        guard case let .postgres(socket) = try DatabaseLocation(url: "postgres://ops@/rentals?host=/var/run/postgresql") else { return }
        #expect(socket.socketDirectory == "/var/run/postgresql" && socket.password == nil)
        for (url, words) in [
            ("mysql://h/db", "not supported"), ("postgres://h/db", "needs a user"), ("postgres://u@h/", "needs a database name"),
            ("postgres://u@h/db?sslmode=maybe", "sslmode=maybe"), ("postgres://u@/db?host=relative", "directory"), ("", "empty"),
        ] {
            #expect(throws: DatabaseURLError.self) { try DatabaseLocation(url: url) }
            do { _ = try DatabaseLocation(url: url) } catch {
                #expect(error.description.contains("--db.url") && error.description.contains(words), "\(url): \(error)")
            }
        }
        var wrong = try #require(URLComponents(string: try TestDatabase.postgresServer()))
        wrong.password = "not-the-password"
        do {
            try await DatabaseLocation(url: wrong.string ?? "").withStore { _ in }
            Issue.record("a wrong password was accepted")
        } catch {
            #expect("\(error)".contains("password authentication failed"), "\(error)")
        }
        wrong.password = nil
        wrong.path = "/nicompute_no_such_database"
        do {
            try await DatabaseLocation(
                url: try TestDatabase.postgresServer().replacingOccurrences(of: "/postgres", with: "/nicompute_no_such_database")
            )
            .withStore { _ in }
            Issue.record("a missing database was accepted")
        } catch {
            #expect("\(error)".contains("does not exist"), "\(error)")
        }
    }
}
