import Foundation
import Testing

/// `nicompute api` in front of real miners that the validator has scored: renters allocate,
/// log in, act and release through REST with their own keys.
@Suite("Register API with real miners", .serialized)
struct RegisterAPITests {
    @Test("allocate by spec and by hotkey, SSH in, restart/pause/unpause/exchange the key, deallocate; keys and ownership hold")
    func renterJourney() async throws {
        let bed = try NetworkTestbed(miners: ["m0", "m1"])
        #expect(try await bed.startScoredMiners(["m0", "m1"]), "\(bed.log("validator"))")
        try await bed.startAPI()
        defer { for name in ["api", "validator", "m0", "m1"] { bed.stop(name) } }
        let alice = try bed.apiKey("alice"), bob = try bed.apiKey("bob")

        #expect(try bed.post("/service/allocate_spec", key: nil, body: "{}").status == 401)
        // Resources: both verified miners, with the hardware their own Specs answers report.
        let resources = try #require(
            (bed.post("/list/resources_sql", key: alice).json["data"] as? [String: Any])?["page_items"] as? [[String: Any]])
        #expect(resources.count == 2, "\(resources)")
        #expect(
            resources.allSatisfy {
                ($0["cpu_count"] as? Int ?? 0) > 0 && ($0["ram"] as? Double ?? 0) > 0 && $0["gpu_name"] as? String == "cpu"
            }, "\(resources)")
        // The reference's ResourceQuery filters, and the listings it read from WandB, from our own data.
        let filtered = { (body: String) throws -> [[String: Any]]? in
            (try bed.post("/list/resources_sql", key: alice, body: body).json["data"] as? [String: Any])?["page_items"] as? [[String: Any]]
        }
        #expect(try filtered(#"{"gpu_name": "CPU", "cpu_count_min": 1}"#)?.count == 2)
        #expect(try filtered(#"{"gpu_name": "h100"}"#)?.count == 0)
        #expect(try filtered(#"{"ram_total_min": 1e9}"#)?.count == 0)
        let badFilter = try bed.post("/list/resources_sql", key: alice, body: #"{"cpu_count_min": "many"}"#)
        #expect(badFilter.status == 422 && badFilter.text.contains("\"field\":\"cpu_count_min\""), "\(badFilter.text)")
        let wandbShape = try #require(
            (bed.post("/list/resources_wandb", key: alice).json["data"] as? [String: Any])?["page_items"] as? [[String: Any]])
        #expect(wandbShape.count == 2 && wandbShape.allSatisfy { ($0["ram"] as? Double ?? 0) > 0 }, "total RAM: \(wandbShape)")
        let runs = try #require(
            (bed.post("/list/all_runs", key: alice).json["data"] as? [String: Any])?["page_items"] as? [[String: [String: Any]]])
        let minerRuns = runs.compactMap(\.values.first).filter { [bed.hotkeys["m0"], bed.hotkeys["m1"]].contains($0["id"] as? String) }
        #expect(minerRuns.count == 2 && minerRuns.allSatisfy { ($0["configs"] as? [String: Any])?["specs"] is [String: Any] }, "\(runs)")
        let runName = try #require(minerRuns.first?["name"] as? String)
        #expect((try bed.post("/list/run_by_name?run_name=\(runName)", key: alice).json["data"] as? [String: Any])?["0"] != nil)
        #expect(try bed.post("/list/run_by_name?run_name=nobody", key: alice).json["message"] as? String == "No run available")
        let specsOfM0 = try #require(
            (bed.post("/list/specs?hotkey=\(bed.hotkeys["m0"] ?? "")", key: alice).json["data"] as? [String: Any])?["page_items"]
                as? [[String: [String: Any]]])
        #expect(specsOfM0.count == 1 && (specsOfM0.first?["0"]?["specs"] as? [String: Any])?["cpu"] != nil, "\(specsOfM0)")
        #expect(try bed.post("/list/allocated_hotkeys", key: alice).status == 404)
        // Listings come from a snapshot with a content ETag: a client that holds it gets 304.
        let listingHead = { (headers: [String]) throws -> [Substring] in
            var arguments = [
                "-s", "-o", "/dev/null", "-w", "%{http_code} %header{etag}", "-X", "POST",
                "http://127.0.0.1:\(bed.apiPort)/list/resources_sql", "-H", "Authorization: Bearer \(alice)",
            ]
            for header in headers { arguments += ["-H", header] }
            return try MinerTestbed.check(MinerTestbed.run("/usr/bin/curl", arguments)).split(separator: " ")
        }
        let unrented = try listingHead([])
        #expect(unrented.count == 2 && unrented.first == "200", "\(unrented)")
        let unrentedTag = String(unrented.last ?? "")
        #expect(try listingHead(["If-None-Match: \(unrentedTag)"]) == ["304", Substring(unrentedTag)])

        // The documents are public; they list every route.
        let openapi = try MinerTestbed.check(MinerTestbed.run("/usr/bin/curl", ["-sf", "http://127.0.0.1:\(bed.apiPort)/openapi.json"]))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(openapi.utf8)) as? [String: Any])
        let paths = (document["paths"] as? [String: Any])?.keys.sorted() ?? []
        #expect(paths.contains("/service/allocate_spec") && paths.contains("/list/allocated_hotkeys") && paths.count >= 19, "\(paths)")
        let docs = try MinerTestbed.check(MinerTestbed.run("/usr/bin/curl", ["-sf", "http://127.0.0.1:\(bed.apiPort)/docs"]))
        #expect(docs.contains("<code>/service/exchange_docker_key</code>"))
        #expect(try bed.post("/service/allocate_spec", key: "nic_" + String(repeating: "0", count: 64), body: "{}").status == 401)

        // By spec, with an Idempotency-Key: the retry gets the same rental, not a second one.
        let spec = #"{"requirements": {"gpu_type": "", "gpu_size": 0, "cpu_count": 1, "ram": 1, "timeline": 1}}"#
        let first = try bed.post("/service/allocate_spec", key: alice, body: spec, headers: ["Idempotency-Key: order-1"])
        #expect(first.status == 200, "\(first.text) \(bed.log("api"))")
        let retry = try bed.post("/service/allocate_spec", key: alice, body: spec, headers: ["Idempotency-Key: order-1"])
        #expect(retry.text == first.text)
        #expect(try await bed.containers().count == 1)
        let rental = try #require(first.json["data"] as? [String: Any])
        let hotkey = try #require(rental["hotkey"] as? String), uuid = try #require(rental["uuid_key"] as? String)
        let password = try #require(rental["ssh_password"] as? String), port = try #require(rental["ssh_port"] as? Int)
        #expect(rental["ssh_command"] as? String == "ssh root@127.0.0.1 -p \(port)")
        // v2.2's user ports, as the miner mapped them (internal → external).
        let userPorts = rental["external_user_ports"] as? [String: Int] ?? [:]
        #expect(userPorts.keys.sorted() == ["27015", "27016", "27017", "27018"] && Set(userPorts.values).count == 4, "\(rental)")
        #expect(try bed.post("/list/allocated_hotkeys", key: alice).json["data"] as? [String] == [hotkey])
        // The rental changed the listing: the old ETag no longer matches and the miner is reserved.
        let rentedHead = try listingHead(["If-None-Match: \(unrentedTag)"])
        #expect(rentedHead.first == "200" && rentedHead.last != Substring(unrentedTag), "\(rentedHead)")
        let reservedRows = try #require(
            (bed.post("/list/resources_sql", key: alice).json["data"] as? [String: Any])?["page_items"] as? [[String: Any]])
        #expect(
            reservedRows.filter { $0["allocate_status"] as? String == "reserved" }.compactMap { $0["hotkey"] as? String } == [hotkey],
            "\(reservedRows)")
        let rentedList = try #require(
            (bed.post("/list/available?rent_status=true", key: alice).json["data"] as? [String: Any])?["page_items"]
                as? [[String: [String: Any]]])
        #expect(rentedList.compactMap { $0["0"]?["hotkey"] as? String } == [hotkey], "\(rentedList)")

        let login = try MinerTestbed.run(
            "/usr/bin/sshpass",
            [
                "-e", "ssh", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "LogLevel=ERROR", "-p", "\(port)", "root@127.0.0.1", "echo in",
            ],
            environment: ["SSHPASS": password])
        #expect(login.status == 0 && login.output.contains("in"), "\(login.output)")

        // Another renter sees nothing of it and cannot touch it.
        let bobsList = try bed.post("/list/allocations_sql", key: bob)
        #expect(bobsList.status == 404 && !bobsList.text.contains(password))
        let bobsTry = try bed.post("/service/deallocate?hotkey=\(hotkey)&uuid_key=\(uuid)", key: bob)
        #expect(bobsTry.status == 404 && !bobsTry.text.contains(password))
        #expect(try bed.post("/service/pause_docker?hotkey=\(hotkey)&uuid_key=\(uuid)", key: bob).status == 404)
        #expect(try bed.post("/list/allocations_sql", key: alice).text.contains(password))

        // The owner acts on it.
        let missing = try bed.post("/service/restart_docker?hotkey=\(hotkey)", key: alice)
        #expect(missing.status == 422 && missing.text.contains("\"field\":\"uuid_key\""), "\(missing.text)")
        #expect(try bed.post("/service/restart_docker?hotkey=\(hotkey)&uuid_key=wrong", key: alice).status == 400)
        for action in ["restart_docker", "pause_docker", "unpause_docker"] {
            let answer = try bed.post("/service/\(action)?hotkey=\(hotkey)&uuid_key=\(uuid)", key: alice)
            #expect(answer.status == 200, "\(action): \(answer.text)")
        }
        let keyPath = bed.root + "/renter"
        try MinerTestbed.check(MinerTestbed.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", keyPath]))
        let publicKey = try String(contentsOfFile: keyPath + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let encoded = publicKey.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let exchanged = try bed.post(
            "/service/exchange_docker_key?hotkey=\(hotkey)&uuid_key=\(uuid)&ssh_key=\(encoded)&key_type=user", key: alice)
        #expect(exchanged.status == 200, "\(exchanged.text)")
        let keyLogin = try MinerTestbed.run(
            "/usr/bin/ssh",
            [
                "-i", keyPath, "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-p", "\(port)", "root@127.0.0.1", "true",
            ])
        #expect(keyLogin.status == 0, "\(keyLogin.output)")

        // Bob rents the other miner by hotkey.
        let other = try #require(bed.hotkeys[hotkey == bed.hotkeys["m0"] ? "m1" : "m0"])
        let badPorts = try bed.post(
            "/service/allocate_hotkey?hotkey=\(other)", key: bob, body: #"{"external_user_ports": {"27015": 70000}}"#)
        #expect(badPorts.status == 422 && badPorts.text.contains("external_user_ports.27015"), "\(badPorts.text)")
        let byHotkey = try bed.post("/service/allocate_hotkey?hotkey=\(other)", key: bob)
        #expect(byHotkey.status == 200, "\(byHotkey.text)")
        let bobsUUID = try #require((byHotkey.json["data"] as? [String: Any])?["uuid_key"] as? String)
        #expect(try await bed.containers().count == 2)

        // Release both; nothing stays behind.
        #expect(try bed.post("/service/deallocate?hotkey=\(hotkey)&uuid_key=\(uuid)", key: alice).status == 200)
        #expect(try bed.post("/service/deallocate?hotkey=\(other)&uuid_key=\(bobsUUID)", key: bob).status == 200)
        #expect(try await bed.containers().isEmpty)
        #expect(try bed.post("/list/allocations_sql", key: alice).status == 404)

        // A second instance that only admits 10.9.9.9 turns this host away, key or not.
        let closedPort = bed.basePort + 996
        try await bed.startAPI(["--api.allow-ip", "10.9.9.9"], name: "api-closed", port: closedPort)
        defer { bed.stop("api-closed") }
        let turnedAway = try MinerTestbed.run(
            "/usr/bin/curl",
            [
                "-s", "-X", "POST", "-H", "Authorization: Bearer \(alice)",
                "http://127.0.0.1:\(closedPort)/list/allocations_sql",
            ])
        #expect(turnedAway.output.contains("Access forbidden: IP not whitelisted"), "\(turnedAway.output)")
    }

    @Test(
        "a renter with `nicompute rent`: allocate, SSH in as printed, list, restart/pause/unpause/exchange the key, release; mistakes and other renters' rentals are named, never served"
    )
    func renterCommandLine() async throws {
        let bed = try NetworkTestbed(miners: ["m0"])
        #expect(try await bed.startScoredMiners(["m0"]), "\(bed.log("validator"))")
        try await bed.startAPI()
        defer { for name in ["api", "validator", "m0"] { bed.stop(name) } }
        let alice = try bed.apiKey("alice"), bob = try bed.apiKey("bob")
        let url = "http://127.0.0.1:\(bed.apiPort)"
        let keyFile = bed.root + "/alice.key"
        try alice.write(toFile: keyFile, atomically: true, encoding: .utf8)
        let rent = { (arguments: [String], environment: [String: String]) throws -> MinerTestbed.Result in
            try MinerTestbed.run(MinerTestbed.nicompute, ["rent"] + arguments + ["--api.url", url], environment: environment)
        }

        // Mistakes are named before anything is sent.
        let noKey = try rent(["list"], ["NICOMPUTE_API_KEY": ""])
        #expect(noKey.status != 0 && noKey.output.contains("--api.key"), "\(noKey.output)")
        let badURL = try MinerTestbed.run(MinerTestbed.nicompute, ["rent", "list", "--api.url", "ftp://x", "--api.key-file", keyFile])
        #expect(badURL.status != 0 && badURL.output.contains("--api.url ftp://x: must be http:// or https://"), "\(badURL.output)")
        let mixed = try rent(["allocate", "--hotkey", "5F", "--gpu-size", "0", "--api.key-file", keyFile], [:])
        #expect(mixed.status != 0 && mixed.output.contains("--hotkey: rents that miner as it is"), "\(mixed.output)")
        let wrongKey = try rent(["list", "--api.key", "nic_" + String(repeating: "0", count: 64)], [:])
        #expect(wrongKey.status != 0 && wrongKey.output.contains("HTTP 401"), "\(wrongKey.output)")
        let nothingFits = try rent(["allocate", "--gpu-type", "NVIDIA H100 80GB HBM3", "--gpu-size", "80", "--api.key-file", keyFile], [:])
        #expect(nothingFits.status != 0 && nothingFits.output.contains("Requested resource is not available"), "\(nothingFits.output)")

        // Allocate as the guide says, log in with what it printed.
        let allocated = try rent(
            ["allocate", "--gpu-size", "0", "--timeline", "1", "--idempotency-key", "cli-1", "--api.key-file", keyFile], [:])
        #expect(allocated.status == 0, "\(allocated.output) \(bed.log("api"))")
        let lines = allocated.output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let command = try #require(lines.first { $0.hasPrefix("ssh root@127.0.0.1 -p ") }, "\(allocated.output)")
        let password = try #require(lines.first { $0.hasPrefix("password: ") }.map { String($0.dropFirst("password: ".count)) })
        let release = try #require(lines.first { $0.contains(" rent release --api.url \(url) --api.key-file ") }, "\(allocated.output)")
        let port = try #require(command.split(separator: " ").last.map(String.init))
        let login = try MinerTestbed.run(
            "/usr/bin/sshpass",
            [
                "-e", "ssh", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "LogLevel=ERROR", "-p", port, "root@127.0.0.1", "echo rented",
            ],
            environment: ["SSHPASS": password])
        #expect(login.status == 0 && login.output.contains("rented"), "\(login.output)")
        // The retry with the same Idempotency-Key is the same rental, as JSON for scripts.
        let retried = try rent(
            ["allocate", "--gpu-size", "0", "--timeline", "1", "--idempotency-key", "cli-1", "--json"], ["NICOMPUTE_API_KEY": alice])
        #expect(retried.status == 0 && retried.output.contains("\"ssh_password\":\"\(password)\""), "\(retried.output)")
        #expect(try await bed.containers().count == 1)

        // Listed for its owner; another renter sees none and cannot release it.
        let listed = try rent(["list"], ["NICOMPUTE_API_KEY": alice])
        #expect(listed.status == 0 && listed.output.contains(command), "\(listed.output)")
        #expect(try rent(["list"], ["NICOMPUTE_API_KEY": bob]).output.contains("No rentals."))
        let printedRelease = release.split(separator: " ").map(String.init)
        let selector = Array(printedRelease.drop { $0 != "--hotkey" })
        #expect(selector.count == 4 && selector[2] == "--uuid", "\(release)")
        let bobsTry = try rent(["release"] + selector, ["NICOMPUTE_API_KEY": bob])
        #expect(bobsTry.status != 0 && bobsTry.output.contains("HTTP 404") && !bobsTry.output.contains(password), "\(bobsTry.output)")

        // The owner acts on the container; the other renter cannot.
        for action in ["restart", "pause", "unpause"] {
            let acted = try rent([action] + selector, ["NICOMPUTE_API_KEY": alice])
            #expect(acted.status == 0 && acted.output.contains("successfully"), "\(action): \(acted.output)")
        }
        let bobsRestart = try rent(["restart"] + selector, ["NICOMPUTE_API_KEY": bob])
        #expect(bobsRestart.status != 0 && bobsRestart.output.contains("HTTP 404"), "\(bobsRestart.output)")
        let keyPath = bed.root + "/renter"
        try MinerTestbed.check(MinerTestbed.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", keyPath]))
        let notPublic = try rent(["exchange-key", "--ssh-key", keyPath] + selector, ["NICOMPUTE_API_KEY": alice])
        #expect(notPublic.status != 0 && notPublic.output.contains("must be one public key line"), "\(notPublic.output)")
        let exchanged = try rent(["exchange-key", "--ssh-key", keyPath + ".pub"] + selector, ["NICOMPUTE_API_KEY": alice])
        #expect(exchanged.status == 0, "\(exchanged.output)")
        let keyLogin = try MinerTestbed.run(
            "/usr/bin/ssh",
            [
                "-i", keyPath, "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-p", port, "root@127.0.0.1", "true",
            ])
        #expect(keyLogin.status == 0, "\(keyLogin.output)")

        // Released with the line `allocate` printed, run as printed (it names the same API and
        // key file): no container, no rental.
        let released = try MinerTestbed.run(printedRelease[0], Array(printedRelease.dropFirst()))
        #expect(released.status == 0 && released.output.contains("Released"), "\(released.output)")
        #expect(try await bed.containers().isEmpty)
        #expect(try rent(["list", "--json"], ["NICOMPUTE_API_KEY": alice]).output.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    }
}

@Suite("Register API health monitor and webhooks", .serialized)
struct HealthMonitorTests {
    @Test("a rental whose container dies: OFFLINE, then released on the miner and in the store, DEALLOCATION; signed, retried, delivered")
    func deadContainer() async throws {
        let bed = try NetworkTestbed(miners: ["m0"])
        #expect(try await bed.startScoredMiners(["m0"]), "\(bed.log("validator"))")
        let receiverPort = bed.basePort + 997
        // The receiver refuses the first delivery: the outbox must retry it.
        try await bed.startWebhookReceiver(port: receiverPort, secret: "s3cret", failFirst: 1)
        try await bed.startAPI([
            "--webhooks.deallocation-url", "http://127.0.0.1:\(receiverPort)/deallocation",
            "--webhooks.status-url", "http://127.0.0.1:\(receiverPort)/status", "--webhooks.secret", "s3cret",
            "--webhooks.first-retry", "1", "--api.health-interval", "1", "--api.health-threshold", "3", "--api.keepalive", "1",
        ])
        defer { for name in ["ws-carol", "ws-dave", "api", "receiver", "validator", "m0"] { bed.stop(name) } }
        let key = try bed.apiKey("carol")
        let allocated = try bed.post("/service/allocate_hotkey?hotkey=\(bed.hotkeys["m0"] ?? "")", key: key)
        #expect(allocated.status == 200, "\(allocated.text)")
        let uuid = try #require((allocated.json["data"] as? [String: Any])?["uuid_key"] as? String)
        // WebSocket clients: the owner's sees its rental's events, another key's does not.
        try await bed.startWebSocketClient("ws-carol", key: key, seconds: 60, until: "DEALLOCATION")
        try await bed.startWebSocketClient("ws-dave", key: try bed.apiKey("dave"), seconds: 60, until: "DEALLOCATION")
        let refused = try MinerTestbed.run(
            MinerTestbed.python,
            [
                MinerTestbed.repository.appendingPathComponent("Tests/NodeInteropTests/ws_client.py").path,
                "ws://127.0.0.1:\(bed.apiPort)/connect", "-", "2",
            ])
        #expect(refused.status == 3, "no key, no socket: \(refused.output)")
        try await Task.sleep(for: .seconds(2))
        #expect(bed.webhooks().isEmpty, "a healthy rental sends nothing (the reference sent ONLINE every cycle)")

        // The container dies behind the miner's back.
        let doomed = try await bed.containers()
        try await MinerTestbed.withDocker { docker in
            for container in doomed { try await docker.removeContainer(container.id) }
        }

        let released = try await bed.waitUntil(60) {
            bed.webhooks().contains { ($0["path"] as? String) == "/deallocation" && ($0["refused"] as? Bool) == false }
        }
        #expect(released, "\(bed.webhooks()) \(bed.log("api"))")
        let hooks = bed.webhooks()
        #expect(hooks.allSatisfy { $0["signature_ok"] as? Bool == true }, "\(hooks)")
        let offline = try #require(hooks.first { ($0["body"] as? String ?? "").contains("\"OFFLINE\"") })
        #expect(offline["path"] as? String == "/status")
        let body = offline["body"] as? String ?? ""
        #expect(
            body.hasPrefix("{\"time\":\"") && body.contains("\"status_change_at\":\"") && body.contains("\"uuid\":\"\(uuid)\""), "\(body)")
        #expect(hooks.filter { $0["refused"] as? Bool == true }.count == 1, "the refused delivery was retried: \(hooks)")
        let deallocation = try #require(hooks.last { $0["path"] as? String == "/deallocation" })
        #expect((deallocation["body"] as? String ?? "").contains("\"deallocated_at\":\""))
        #expect(try bed.post("/list/allocations_sql", key: key).status == 404, "the rental row is gone")
        #expect(try await bed.containers().isEmpty)
        #expect(
            try await bed.waitUntil(10) { bed.log("m0").contains("gone (deallocated by") }, "released on the miner too: \(bed.log("m0"))")

        let carols = try await bed.waitUntil(20) { bed.messages("ws-carol").contains { "\($0)".contains("DEALLOCATION") } }
        #expect(carols, "\(bed.log("ws-carol"))")
        let statuses = bed.messages("ws-carol").compactMap { ($0["payload"] as? [String: Any])?["status"] as? String }
        #expect(bed.messages("ws-carol").first?["type"] as? String == "keepalive")
        #expect(statuses.contains("OFFLINE") && statuses.contains("DEALLOCATION"), "\(statuses)")
        #expect(!bed.messages("ws-dave").contains { $0["type"] as? String == "allocation" }, "\(bed.log("ws-dave"))")
        #expect(bed.messages("ws-dave").contains { $0["type"] as? String == "keepalive" })
    }
}

@Suite("Register API under load and across restarts", .serialized)
struct RegisterAPIConcurrencyTests {
    @Test("50 concurrent allocate_spec for two miners: exactly two succeed, the rest are told nothing is available")
    func fiftyAtOnce() async throws {
        let bed = try NetworkTestbed(miners: ["m0", "m1"])
        #expect(try await bed.startScoredMiners(["m0", "m1"]), "\(bed.log("validator"))")
        try await bed.startAPI()
        defer { for name in ["api", "validator", "m0", "m1"] { bed.stop(name) } }
        let key = try bed.apiKey("crowd")
        let spec = #"{"requirements": {"gpu_type": "", "gpu_size": 0, "timeline": 1}}"#
        let answers = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for _ in 0..<50 {
                group.addTask {
                    let answer = try bed.post("/service/allocate_spec", key: key, body: spec); return (answer.status, answer.text)
                }
            }
            var all = [(Int, String)]()
            for try await answer in group { all.append(answer) }
            return all
        }
        #expect(answers.filter { $0.0 == 200 }.count == 2, "\(answers.map(\.0))")
        let refused = answers.filter { $0.0 != 200 }
        #expect(refused.count == 48)
        #expect(refused.allSatisfy { $0.0 == 404 && $0.1.contains("Requested resource is not available") }, "\(refused.prefix(3))")
        #expect(try await bed.containers().count == 2)
        let rentals = try #require(bed.post("/list/allocations_sql", key: key).json["data"] as? [[String: Any]])
        #expect(rentals.count == 2)
        for rental in rentals {
            let released = try bed.post(
                "/service/deallocate?hotkey=\(rental["hotkey"] as? String ?? "")&uuid_key=\(rental["uuid_key"] as? String ?? "")", key: key)
            #expect(released.status == 200)
        }
        #expect(try await bed.containers().isEmpty)
    }

    @Test("a webhook that failed while its receiver was down is delivered after the API restarts")
    func outboxSurvivesRestart() async throws {
        let bed = try NetworkTestbed(miners: [])
        try FileManager.default.createDirectory(atPath: bed.root + "/validator", withIntermediateDirectories: true)
        let receiverPort = bed.basePort + 995
        let flags = [
            "--webhooks.deallocation-url", "http://127.0.0.1:\(receiverPort)/deallocation", "--webhooks.secret", "s3cret",
            "--webhooks.first-retry", "1", "--api.health-interval", "1",
        ]
        try await bed.startAPI(flags)
        let key = try bed.apiKey("ops", admin: true)
        let failed = try bed.post("/test/notify?hotkey=5Test&uuid_key=kept&event=DEALLOCATION", key: key)
        #expect(failed.status == 400, "nobody listens yet: \(failed.text)")
        bed.stop("api")
        try await bed.startWebhookReceiver(port: receiverPort, secret: "s3cret", failFirst: 0)
        try await bed.startAPI(flags)
        defer { for name in ["api", "receiver"] { bed.stop(name) } }
        let delivered = try await bed.waitUntil(30) {
            bed.webhooks().contains { ($0["body"] as? String ?? "").contains("\"uuid\":\"kept\"") }
        }
        #expect(delivered, "\(bed.log("api"))")
        #expect(bed.webhooks().allSatisfy { $0["signature_ok"] as? Bool == true })
    }
}
