import Foundation
import Testing

/// Two Register API instances on one real PostgreSQL database, as behind a load balancer.
@Suite("Register API: two instances on one PostgreSQL", .serialized)
struct RegisterAPISharedDatabaseTests {
    @Test(
        "both serve (a rental made on one is seen and released on the other, its events reach WebSocket clients of both, an Idempotency-Key retry on the other returns the same rental, 50 requests spread over both: two succeed); one health monitor, taken over when its instance dies"
    )
    func twoInstances() async throws {
        let bed = try NetworkTestbed(miners: ["m0", "m1"])
        let database = try NetworkTestbed.postgresDatabase()
        defer { NetworkTestbed.dropPostgresDatabase(database) }
        bed.database = database
        #expect(try await bed.startScoredMiners(["m0", "m1"]), "\(bed.log("validator"))")
        let (portA, portB) = (bed.apiPort, bed.basePort + 994)
        // The instances start together: the schema is created once, under a lock.
        async let startA: Void = bed.startAPI(["--api.health-interval", "1"], name: "api-a", port: portA)
        async let startB: Void = bed.startAPI(["--api.health-interval", "1"], name: "api-b", port: portB)
        _ = try await (startA, startB)
        defer { for name in ["ws-on-b", "api-a", "api-b", "validator", "m0", "m1"] { bed.stop(name) } }
        let key = try bed.apiKey("shared")
        // A WebSocket client on B hears of what happens on A (through PostgreSQL's NOTIFY).
        try await bed.startWebSocketClient("ws-on-b", key: key, seconds: 120, until: "DEALLOCATION", port: portB)

        // One leader between them.
        let leaders = { () throws -> [Int] in
            try [portA, portB].filter { try bed.metrics(port: $0).contains("\nnicompute_api_leader 1") }
        }
        #expect(try await bed.waitUntil(15) { try leaders().count == 1 }, "\(bed.log("api-a")) \(bed.log("api-b"))")
        try await Task.sleep(for: .seconds(3))
        #expect(try leaders().count == 1, "still exactly one")

        // Made on A with an Idempotency-Key; the retry lands on B and gets the same rental.
        let spec = #"{"requirements": {"gpu_type": "", "gpu_size": 0, "timeline": 1}}"#
        let first = try bed.post("/service/allocate_spec", key: key, body: spec, headers: ["Idempotency-Key: lb-1"], port: portA)
        #expect(first.status == 200, "\(first.text) \(bed.log("api-a"))")
        let retry = try bed.post("/service/allocate_spec", key: key, body: spec, headers: ["Idempotency-Key: lb-1"], port: portB)
        #expect(retry.text == first.text)
        #expect(try await bed.containers().count == 1)
        let rental = try #require(first.json["data"] as? [String: Any])
        let heard = try await bed.waitUntil(15) {
            bed.messages("ws-on-b").contains { ($0["payload"] as? [String: Any])?["uuid"] as? String == rental["uuid_key"] as? String }
        }
        #expect(heard, "B's client got A's ALLOCATED: \(bed.log("ws-on-b"))")
        let listedOnB = try #require(bed.post("/list/allocations_sql", key: key, port: portB).json["data"] as? [[String: Any]])
        #expect(listedOnB.map { $0["uuid_key"] as? String } == [rental["uuid_key"] as? String])
        let released = try bed.post(
            "/service/deallocate?hotkey=\(rental["hotkey"] as? String ?? "")&uuid_key=\(rental["uuid_key"] as? String ?? "")",
            key: key, port: portB)
        #expect(released.status == 200, "\(released.text)")
        #expect(try await bed.containers().isEmpty)
        let statuses = bed.messages("ws-on-b").compactMap { ($0["payload"] as? [String: Any])?["status"] as? String }
        #expect(try await bed.waitUntil(10) { bed.messages("ws-on-b").contains { "\($0)".contains("DEALLOCATION") } })
        #expect(statuses.filter { $0 == "ALLOCATED" }.count == 1, "each event once: \(statuses)")

        // Fifty at once, alternating instances: exactly the two miners are rented.
        let answers = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<50 {
                group.addTask { try bed.post("/service/allocate_spec", key: key, body: spec, port: index % 2 == 0 ? portA : portB).status }
            }
            var all = [Int]()
            for try await status in group { all.append(status) }
            return all
        }
        #expect(answers.filter { $0 == 200 }.count == 2 && answers.filter { $0 == 404 }.count == 48, "\(answers)")
        let rentals = try #require(bed.post("/list/allocations_sql", key: key, port: portA).json["data"] as? [[String: Any]])
        #expect(rentals.count == 2)
        for rental in rentals {
            let port = rental["hotkey"] as? String == bed.hotkeys["m0"] ? portA : portB
            #expect(
                try bed.post(
                    "/service/deallocate?hotkey=\(rental["hotkey"] as? String ?? "")&uuid_key=\(rental["uuid_key"] as? String ?? "")",
                    key: key, port: port
                ).status == 200)
        }
        #expect(try await bed.containers().isEmpty)

        // The leader dies without a word: the other instance takes the health monitor over.
        let leader = try #require(try leaders().first)
        let (dead, survivor) = leader == portA ? ("api-a", portB) : ("api-b", portA)
        bed.stop(dead, signal: SIGKILL)
        #expect(
            try await bed.waitUntil(30) { try bed.metrics(port: survivor).contains("\nnicompute_api_leader 1") },
            "\(bed.log(dead == "api-a" ? "api-b" : "api-a"))")
        #expect(try bed.post("/list/allocations_sql", key: key, port: survivor).status == 404, "the survivor still serves")
    }
}
