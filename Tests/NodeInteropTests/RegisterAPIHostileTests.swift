import Foundation
import Testing

/// Attacks on a running `nicompute api`, sent as an attacker would send them (curl and a
/// Python WebSocket client over the socket): each gets a clear answer and the API keeps serving.
@Suite("Register API under hostile requests", .serialized)
struct RegisterAPIHostileTests {
    @Test(
        "an overflowing page, an unauthenticated body, a renter's forged notify, a key in the URL, a flooding key: each answered, the API still up"
    )
    func hostileRequests() async throws {
        let bed = try NetworkTestbed(miners: ["m0"])
        try FileManager.default.createDirectory(atPath: bed.root + "/validator", withIntermediateDirectories: true)
        // A miner serving an axon makes a run for the paged listings; no validator is needed.
        try await bed.startMiner("m0", index: 0)
        try await bed.startAPI(["--api.rate-limit", "0.5", "--api.rate-burst", "5"])
        defer { for name in ["api", "m0"] { bed.stop(name) } }
        let poller = try bed.apiKey("poller"), alice = try bed.apiKey("alice"), ops = try bed.apiKey("ops", admin: true)
        let flooder = try bed.apiKey("flooder")

        let runs = { (path: String, key: String) throws -> [Any]? in
            (try bed.post(path, key: key).json["data"] as? [String: Any])?["page_items"] as? [Any]
        }
        // One request per 2 s stays within the poller's 0.5 per second.
        var listed = false
        for _ in 0..<30 where !listed {
            listed = try runs("/list/all_runs?page_number=1", poller)?.count == 1
            if !listed { try await Task.sleep(for: .seconds(2)) }
        }
        #expect(listed, "the miner's run never appeared: \(bed.log("api"))")

        // (page − 1) × size overflowed and killed the process; now an empty last page.
        let far = try bed.post("/list/all_runs?page_number=9223372036854775807&page_size=1000", key: alice)
        #expect(far.status == 200 && ((far.json["data"] as? [String: Any])?["page_items"] as? [Any])?.isEmpty == true, "\(far.text)")
        #expect(try runs("/list/all_runs?page_number=1", alice)?.count == 1, "still serving: \(bed.log("api"))")

        // Nothing a caller without a key sends is parsed: a broken body is a 401, not a 422.
        let unauthenticated = try bed.post("/service/allocate_spec", key: nil, body: "{\"requirements\": [[[[")
        #expect(unauthenticated.status == 401, "\(unauthenticated.text)")

        // A renter cannot send operator-signed webhooks about other tenants' rentals.
        let forged = try bed.post("/test/notify?event=DEALLOCATION&hotkey=someone-else&uuid_key=theirs", key: alice)
        #expect(forged.status == 403 && forged.text.contains("admin key"), "\(forged.text)")
        let byAdmin = try bed.post("/test/notify", key: ops)
        #expect(
            byAdmin.status == 400 && byAdmin.text.contains("Notify allocation event testing is failed"),
            "an admin reaches the outbox: \(byAdmin.text)")

        // /connect: a key in the URL is refused (it would sit in proxies' logs); as a subprotocol, as browsers send it, accepted.
        let script = MinerTestbed.repository.appendingPathComponent("Tests/NodeInteropTests/ws_client.py").path
        let inURL = try MinerTestbed.run(MinerTestbed.python, [script, "ws://127.0.0.1:\(bed.apiPort)/connect?api_key=\(alice)", "-", "2"])
        #expect(inURL.status == 3 && inURL.output.contains("REFUSED"), "\(inURL.output)")
        let asProtocol = try MinerTestbed.run(
            MinerTestbed.python, [script, "ws://127.0.0.1:\(bed.apiPort)/connect", "proto:\(alice)", "2"])
        #expect(asProtocol.status == 0 && asProtocol.output.contains("CONNECTED subprotocol=nicompute.v1"), "\(asProtocol.output)")

        // One key's flood: its burst, then 429 with Retry-After; other keys are still served.
        let url = "http://127.0.0.1:\(bed.apiPort)/list/count_all_gpus"
        let flood = try MinerTestbed.check(
            MinerTestbed.run(
                "/usr/bin/curl",
                [
                    "-s", "-w", "%{http_code} %header{retry-after}\n",
                    "-X", "POST", "-H", "Authorization: Bearer \(flooder)",
                ]
                    + (0..<10).flatMap { _ in ["-o", "/dev/null", url] }))
        let answers = flood.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(answers.prefix(5).allSatisfy { $0 == "200" }, "the burst: \(answers)")
        #expect(answers.contains { $0.hasPrefix("429 ") && Int($0.dropFirst(4)) ?? 0 >= 1 }, "refused with Retry-After: \(answers)")
        #expect(try bed.post("/list/count_all_gpus", key: ops).status == 200, "another key is served")
        #expect(bed.log("api").contains("Fatal error") == false)
    }

    @Test("an API killed mid-allocation: the intent it wrote before asking the miner lets the next leader release the container")
    func killedMidAllocation() async throws {
        let bed = try NetworkTestbed(miners: ["m0"])
        try FileManager.default.createDirectory(atPath: bed.root + "/validator", withIntermediateDirectories: true)
        try await bed.startMiner("m0", index: 0)
        try await bed.startAPI()
        defer { for name in ["api", "m0"] { bed.stop(name) } }
        let alice = try bed.apiKey("alice")
        let hotkey = try #require(bed.hotkeys["m0"])
        var made = try bed.post("/service/allocate_hotkey?hotkey=\(hotkey)", key: alice)
        for _ in 0..<15 where made.status != 200 {
            try await Task.sleep(for: .seconds(2))
            made = try bed.post("/service/allocate_hotkey?hotkey=\(hotkey)", key: alice)
        }
        #expect(made.status == 200, "\(made.text)\n\(bed.log("api").suffix(2_000))")
        #expect(try await bed.containers().count == 1)

        // kill -9 after the miner made the container and before the rental's row was written:
        // what the database then holds is the pending row alone, written before the miner was asked.
        bed.stop("api", signal: SIGKILL)
        let rewind = """
            import sqlite3, sys, time
            db = sqlite3.connect(sys.argv[1])
            row = db.execute("SELECT uuid, owner_key_id, hotkey, regkey FROM rentals").fetchone()
            db.execute("DELETE FROM rentals")
            db.execute("INSERT INTO pending_allocations VALUES (?, ?, ?, ?, ?)", (*row, time.time() - 2000))
            db.commit()
            """
        try MinerTestbed.check(MinerTestbed.run(MinerTestbed.python, ["-c", rewind, bed.root + "/api.sqlite"]))

        try await bed.startAPI()
        let released = try await bed.waitUntil(60) { try await bed.containers().isEmpty }
        #expect(released, "the orphan was released: \(bed.log("api").suffix(2_000))")
        let count =
            "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM pending_allocations').fetchone()[0])"
        let pending = try MinerTestbed.check(MinerTestbed.run(MinerTestbed.python, ["-c", count, bed.root + "/api.sqlite"]))
        #expect(pending.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "pending rows left: \(pending)")
        #expect(try bed.post("/list/allocations_sql", key: alice).status == 404, "no rental appeared from it")
    }
}
