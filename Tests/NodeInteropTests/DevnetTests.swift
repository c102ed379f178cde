import Foundation
import Testing
import TestSupport
import Validator

/// `nicompute devnet` as a newcomer runs it: one process that makes the network, starts it,
/// and stops it on Ctrl-C, with the real chain file, miners, validator, API and container engine.
@Suite("nicompute devnet", .serialized)
struct DevnetTests {
    @Test(
        "devnet: both miners scored, a machine rented over the API and used over SSH, Ctrl-C leaves nothing, reruns resume with the same key"
    )
    func devnetJourney() async throws {
        // Axons, metrics, SSH and the API on six ports in a row, then the miners' eight user ports.
        let base = TestPorts.base(span: 14, step: 14)
        let directory = NSTemporaryDirectory() + "nicompute-devnet-" + UUID().uuidString.prefix(8)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let started = ContinuousClock.now

        let first = try DevnetRun(directory: directory, axonPort: base, sshPort: base + 3, apiPort: base + 5, logName: "first")
        defer { try? FileManager.default.removeItem(atPath: first.logPath) }
        let up = try await first.waitFor("The devnet runs", seconds: 180)
        try #require(up, "devnet did not start: \(first.output)")
        #expect(first.output.contains("creating the devnet") && first.output.contains("unencrypted dev keys"), "\(first.output)")
        #expect(first.childPIDs.count == 4, "\(first.output)")
        let key = try #require(first.adminKey, "no admin key in \(first.output)")
        let kept = try String(contentsOfFile: directory + "/admin-api-key", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(kept == key)
        #expect(
            first.output.contains("http://127.0.0.1:\(base + 5)/dashboard#key=\(key)") && first.output.contains("/service/allocate_spec"))

        // The validator scores both miners on the devnet schedule.
        let miners = [try first.hotkey("miner1"), try first.hotkey("miner2")]
        let store = try ValidatorStore(path: directory + "/validator/validator.sqlite")
        var scored = false
        let deadline = ContinuousClock.now + .seconds(150)
        while ContinuousClock.now < deadline, first.isRunning {
            let verified = try await store.latestVerified()
            if miners.allSatisfy({ verified[$0] != nil }) { scored = true; break }
            try await Task.sleep(for: .seconds(1))
        }
        try #require(scored, "miners not scored: \(first.output)\n\(log(directory, "validator"))")
        #expect(try await first.waitFor("every miner is scored", seconds: 10), "\(first.output)")

        // The dashboard and its data route see both miners scored.
        let page = try MinerTestbed.run(
            "/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(base + 5)/dashboard"])
        #expect(page.output == "200", "\(page.output)")
        let listed = try first.post("/list/miners", key: key)
        #expect(listed.status == 200 && miners.allSatisfy { listed.text.contains($0) }, "\(listed.text)")

        // Rent through the API with the printed key, log in, release.
        let spec = #"{"requirements": {"gpu_type": "", "gpu_size": 0, "timeline": 1}}"#
        let allocation = try first.post("/service/allocate_spec", key: key, body: spec)
        try #require(allocation.status == 200, "\(allocation.text)\n\(log(directory, "api"))")
        let rental = try #require(allocation.json["data"] as? [String: Any])
        let hotkey = try #require(rental["hotkey"] as? String), uuid = try #require(rental["uuid_key"] as? String)
        let password = try #require(rental["ssh_password"] as? String), port = try #require(rental["ssh_port"] as? Int)
        #expect(miners.contains(hotkey) && [base + 3, base + 4].contains(port), "\(rental)")
        let login = try MinerTestbed.run(
            "/usr/bin/sshpass",
            [
                "-e", "ssh", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10", "-o", "PubkeyAuthentication=no",
                "-p", "\(port)", "root@127.0.0.1", "echo devnet-$((6*7))",
            ],
            environment: ["SSHPASS": password])
        #expect(login.status == 0 && login.output.contains("devnet-42"), "\(login.output)")
        #expect(try await first.containers().allocations == 1)
        let released = try first.post("/service/deallocate?hotkey=\(hotkey)&uuid_key=\(uuid)", key: key)
        #expect(released.status == 200, "\(released.text)")

        // Ctrl-C: every child stops, no container stays.
        let children = first.childPIDs
        #expect(first.interrupt(within: 90), "devnet did not stop on SIGINT: \(first.output)")
        #expect(first.exitStatus == 0, "\(first.output)")
        #expect(first.output.contains("no containers left") || first.output.contains("removed"), "\(first.output)")
        #expect(!children.contains(where: Self.running), "a child outlived devnet: \(children)")
        #expect(try await first.containers().all == 0)
        let elapsed = ContinuousClock.now - started
        Swift.print("devnet journey (start, score, rent, SSH, release, stop): \(elapsed)")
        #expect(elapsed < .seconds(300), "took \(elapsed)")

        // Again: the same wallets, chain and key.
        let second = try DevnetRun(directory: directory, axonPort: base, sshPort: base + 3, apiPort: base + 5, logName: "second")
        defer { try? FileManager.default.removeItem(atPath: second.logPath) }
        let again = try await second.waitFor("The devnet runs", seconds: 180)
        try #require(again, "devnet did not resume: \(second.output)")
        #expect(
            second.output.contains("resuming the devnet") && !second.output.contains("created wallet")
                && !second.output.contains("registered"),
            "\(second.output)")
        #expect(second.adminKey == key)
        #expect(try second.hotkey("miner1") == miners[0])
        // The first round of this run tests both miners again; renting works once it is done.
        #expect(try await second.waitFor("every miner is scored", seconds: 150), "\(second.output)\n\(logTails(directory))")
        // The devnet's miners put the validator's own worker in their test containers
        // (`--miner.pog-worker`, bind-mounted and copied by Podman): the validator sends none.
        let validatorLog = log(directory, "validator")
        #expect(
            validatorLog.contains("worker already in place") && !validatorLog.contains("worker uploaded"), "\(logTails(directory))")
        let resources = try second.post("/list/resources_sql", key: key)
        #expect(resources.status == 200 && miners.allSatisfy { resources.text.contains($0) }, "\(resources.text)")
        // A rental made with the guide's `nicompute rent allocate` line, run as printed, and
        // still open at Ctrl-C, is released through the API, so no store keeps it.
        let printed = try #require(
            second.output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .first { $0.contains(" rent allocate --api.url ") }, "\(second.output)")
        let words = printed.split(separator: " ").map(String.init)
        let open = try MinerTestbed.run(words[0], Array(words.dropFirst()))
        #expect(open.status == 0 && open.output.contains("password: "), "\(open.output)\n\(log(directory, "api"))")
        #expect(try await second.containers().allocations == 1)
        #expect(second.interrupt(within: 90), "devnet did not stop on SIGINT: \(second.output)")
        #expect(second.exitStatus == 0, "\(second.output)")
        #expect(second.output.contains("released 1 rental(s) still open"), "\(second.output)")
        #expect(try await second.containers().all == 0)

        // A third run finds no rental left over in the API's store.
        let third = try DevnetRun(directory: directory, axonPort: base, sshPort: base + 3, apiPort: base + 5, logName: "third")
        defer { try? FileManager.default.removeItem(atPath: third.logPath) }
        try #require(try await third.waitFor("The devnet runs", seconds: 180), "devnet did not resume: \(third.output)")
        #expect(try third.post("/list/allocations_sql", key: key).status == 404)
        #expect(try await third.waitFor("every miner is scored", seconds: 150), "\(third.output)\n\(logTails(directory))")

        // devnet killed outright leaves its children running; the next run stops them first.
        third.crash()
        let orphans = third.childPIDs
        #expect(orphans.count == 4 && orphans.allSatisfy(Self.running), "\(third.output)")
        let fourth = try DevnetRun(directory: directory, axonPort: base, sshPort: base + 3, apiPort: base + 5, logName: "fourth")
        defer { try? FileManager.default.removeItem(atPath: fourth.logPath) }
        // Resuming is what this run checks; scoring after a resume was checked by the third run.
        try #require(try await fourth.waitFor("The devnet runs", seconds: 180), "devnet did not resume: \(fourth.output)")
        #expect(fourth.output.components(separatedBy: "of an earlier devnet still runs").count == 5, "\(fourth.output)")
        #expect(orphans.allSatisfy { !Self.running($0) }, "\(orphans)")
        #expect(fourth.interrupt(within: 90), "devnet did not stop on SIGINT: \(fourth.output)")
        // Stopped mid-round, the validator's test containers may still exist: devnet removes them.
        #expect(
            fourth.output.contains("no rentals open")
                && (fourth.output.contains("no containers left")
                    || fourth.output.contains("container(s) still running at the stop")),
            "\(fourth.output)")
        #expect(try await fourth.containers().all == 0)
    }

    /// Whether `pid` runs (exists and is no zombie waiting for whoever adopted it to reap it).
    static func running(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return !stat[close...].hasPrefix(") Z")
    }

    private func log(_ directory: String, _ name: String) -> String {
        (try? String(contentsOfFile: "\(directory)/logs/\(name).log", encoding: .utf8)) ?? ""
    }

    /// The last lines of the validator's and the miners' logs: why a miner was not scored.
    private func logTails(_ directory: String, lines: Int = 60) -> String {
        ["validator", "miner1", "miner2"].map { name in
            "--- \(name).log (last \(lines) lines)\n" + log(directory, name).split(separator: "\n").suffix(lines).joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
