import Foundation
import Testing

/// The deployment `deploy/` describes, with Debian's HAProxy and Prometheus and the files as they
/// are: two Register API instances behind HAProxy on one PostgreSQL database, a miner and a
/// validator on the local chain, every process scraped by Prometheus with the alert rules loaded.
@Suite("deployment: HAProxy over two API instances on PostgreSQL, watched by Prometheus", .serialized)
struct DeploymentTests {
    /// haproxy, prometheus, promtool and systemd-analyze as `scripts/deploy-tools.sh` reported them.
    static func tools() throws -> (haproxy: String, prometheus: String, promtool: String, systemdAnalyze: String) {
        let listed = (ProcessInfo.processInfo.environment["NICOMPUTE_DEPLOY_TOOLS"] ?? "").split(separator: ",").map(String.init)
        guard listed.count == 4 else {
            throw MinerTestbed.Failure(
                description:
                    "NICOMPUTE_DEPLOY_TOOLS is not set: run the tests with `make test`, which installs HAProxy, Prometheus and systemd (scripts/deploy-tools.sh)"
            )
        }
        return (listed[0], listed[1], listed[2], listed[3])
    }

    static let deploy = MinerTestbed.repository.appendingPathComponent("deploy")

    /// The `PREFIX` `make test` installed into with `make install` (release, static runtime):
    /// the programs these tests run are the ones operators install.
    static func installed() throws -> String {
        guard let prefix = ProcessInfo.processInfo.environment["NICOMPUTE_INSTALLED"],
            FileManager.default.isExecutableFile(atPath: "\(prefix)/bin/nicompute")
        else {
            throw MinerTestbed.Failure(
                description:
                    "NICOMPUTE_INSTALLED names no make install tree: run the tests with `make test`, which installs into .build-install")
        }
        return prefix
    }

    @Test("every target up and every rule evaluated; a rental made through HAProxy outlives the instance that served it")
    func deployment() async throws {
        let tools = try Self.tools()
        let prefix = try Self.installed()
        let bed = try NetworkTestbed(miners: ["m0"])
        (bed.nicompute, bed.workerPath) = ("\(prefix)/bin/nicompute", "\(prefix)/bin/nicompute-pog")
        bed.configPath = "\(prefix)/share/nicompute/config.yaml"
        let database = try NetworkTestbed.postgresDatabase()
        defer { NetworkTestbed.dropPostgresDatabase(database) }
        bed.database = database
        #expect(try await bed.startScoredMiners(["m0"]), "\(bed.log("validator"))")
        let (portA, portB) = (bed.apiPort, bed.basePort + 994)
        let (balancer, balancerMetrics, prometheusPort) = (bed.basePort + 993, bed.basePort + 992, bed.basePort + 991)
        async let startA: Void = bed.startAPI([], name: "api-a", port: portA)
        async let startB: Void = bed.startAPI([], name: "api-b", port: portB)
        _ = try await (startA, startB)
        defer { for name in ["prometheus", "haproxy", "api-a", "api-b", "validator", "m0"] { bed.stop(name) } }

        // HAProxy with deploy/haproxy/haproxy.cfg, addresses from the environment.
        let haproxyConfig = Self.deploy.appendingPathComponent("haproxy/haproxy.cfg").path
        let addresses = [
            "NICOMPUTE_LB_BIND": "127.0.0.1:\(balancer)", "NICOMPUTE_LB_METRICS": "127.0.0.1:\(balancerMetrics)",
            "NICOMPUTE_API1": "127.0.0.1:\(portA)", "NICOMPUTE_API2": "127.0.0.1:\(portB)",
        ]
        try await bed.start("haproxy", ["-db", "-f", haproxyConfig], marker: nil, executable: tools.haproxy, environment: addresses)
        let bothUp = try await bed.waitUntil(30) {
            let text = (try? MinerTestbed.run("/usr/bin/curl", ["-s", "http://127.0.0.1:\(balancerMetrics)/metrics"]).output) ?? ""
            return text.split(separator: "\n").filter {
                $0.hasPrefix("haproxy_server_status{proxy=\"api_instances\"") && $0.contains("state=\"UP\"} 1")
            }.count == 2
        }
        #expect(bothUp, "HAProxy's checks of GET /health pass on both instances: \(bed.log("haproxy"))")

        // Prometheus with deploy/prometheus/, targets written for this run.
        let prometheusDirectory = "\(bed.root)/prometheus"
        try FileManager.default.createDirectory(atPath: "\(prometheusDirectory)/targets", withIntermediateDirectories: true)
        for file in ["prometheus.yml", "rules.yml"] {
            try FileManager.default.copyItem(
                atPath: Self.deploy.appendingPathComponent("prometheus/\(file)").path, toPath: "\(prometheusDirectory)/\(file)")
        }
        let targets = ["miner": [bed.basePort], "validator": [bed.basePort + 999], "api": [portA, portB], "haproxy": [balancerMetrics]]
        for (role, ports) in targets {
            let json = try JSONSerialization.data(withJSONObject: [["targets": ports.map { "127.0.0.1:\($0)" }, "labels": ["role": role]]])
            try json.write(to: URL(fileURLWithPath: "\(prometheusDirectory)/targets/\(role).json"))
        }
        #expect(try MinerTestbed.run(tools.promtool, ["check", "config", "\(prometheusDirectory)/prometheus.yml"]).status == 0)
        let rulesCheck = try MinerTestbed.run(
            tools.promtool, ["check", "rules", Self.deploy.appendingPathComponent("prometheus/rules.yml").path])
        #expect(rulesCheck.status == 0 && rulesCheck.output.contains("SUCCESS: 7 rules found"), "\(rulesCheck.output)")
        try await bed.start(
            "prometheus",
            [
                "--config.file=\(prometheusDirectory)/prometheus.yml", "--storage.tsdb.path=\(prometheusDirectory)/data",
                "--web.listen-address=127.0.0.1:\(prometheusPort)",
            ],
            marker: "Server is ready to receive web requests", executable: tools.prometheus)
        func query(_ path: String) throws -> [String: Any] {
            let text = try MinerTestbed.check(MinerTestbed.run("/usr/bin/curl", ["-s", "-G", "http://127.0.0.1:\(prometheusPort)\(path)"]))
            return (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
        }
        let allUp = try await bed.waitUntil(60) {
            let active = ((try query("/api/v1/targets"))["data"] as? [String: Any])?["activeTargets"] as? [[String: Any]] ?? []
            return active.count == 5 && active.allSatisfy { $0["health"] as? String == "up" }
        }
        let targetsSeen = (try? query("/api/v1/targets")) ?? [:]
        #expect(allUp, "every target up: \(targetsSeen)")
        let value = { (expression: String) throws -> Double? in
            let encoded = expression.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let result = ((try query("/api/v1/query?query=\(encoded)"))["data"] as? [String: Any])?["result"] as? [[String: Any]]
            return (result?.first?["value"] as? [Any])?.last.flatMap { ($0 as? String).flatMap(Double.init) }
        }
        #expect(try value("sum(up)") == 5)
        #expect(try value("sum(nicompute_api_leader)") == 1, "exactly one instance leads")
        #expect(try (value(#"max(nicompute_validator_pog_tests_total{result="passed"})"#) ?? 0) >= 1, "the validator's scoring is visible")
        #expect(try value("max(nicompute_api_webhook_outbox_pending)") == 0)
        let evaluated = try await bed.waitUntil(60) {
            let groups = ((try query("/api/v1/rules"))["data"] as? [String: Any])?["groups"] as? [[String: Any]] ?? []
            let rules = groups.flatMap { $0["rules"] as? [[String: Any]] ?? [] }
            return rules.count == 7
                && rules.allSatisfy { $0["health"] as? String == "ok" && ($0["lastEvaluation"] as? String ?? "").hasPrefix("20") }
        }
        let rulesSeen = (try? query("/api/v1/rules")) ?? [:]
        #expect(evaluated, "every rule evaluated without error: \(rulesSeen)")
        let firing = ((try query("/api/v1/alerts"))["data"] as? [String: Any])?["alerts"] as? [[String: Any]] ?? []
        #expect(firing.filter { $0["state"] as? String == "firing" }.isEmpty, "nothing fires on a healthy deployment: \(firing)")

        // A rental made through HAProxy; the instance that served it dies; the rental lives on.
        let key = try bed.apiKey("renter")
        let made = try bed.post(
            "/service/allocate_spec", key: key, body: #"{"requirements": {"gpu_type": "", "gpu_size": 0, "timeline": 1}}"#,
            headers: ["Idempotency-Key: deploy-1"], port: balancer)
        #expect(made.status == 200, "\(made.text) \(bed.log("haproxy"))")
        let rental = try #require(made.json["data"] as? [String: Any])
        let served =
            try bed.metrics(port: portA).contains(#"nicompute_api_requests_total{route="/service/allocate_spec",status="200"} 1"#)
            ? "api-a" : "api-b"
        bed.stop(served, signal: SIGKILL)
        let listed = try bed.post("/list/allocations_sql", key: key, port: balancer)
        #expect(
            listed.status == 200 && listed.text.contains(rental["uuid_key"] as? String ?? "?"), "the other instance answers: \(listed.text)"
        )
        let port = try #require(rental["ssh_port"] as? Int), password = try #require(rental["ssh_password"] as? String)
        let login = try MinerTestbed.run(
            "/usr/bin/sshpass",
            [
                "-e", "ssh", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "LogLevel=ERROR", "-p", "\(port)", "root@127.0.0.1", "echo in",
            ],
            environment: ["SSHPASS": password])
        #expect(login.status == 0 && login.output.contains("in"), "the rental still takes logins: \(login.output)")
        let released = try bed.post(
            "/service/deallocate?hotkey=\(rental["hotkey"] as? String ?? "")&uuid_key=\(rental["uuid_key"] as? String ?? "")",
            key: key, port: balancer)
        #expect(released.status == 200, "\(released.text)")
        #expect(try await bed.containers().isEmpty)

        // The Grafana dashboard's queries are valid PromQL, and each panel shows data once rates
        // have two scrapes to work from (the API's counters since the requests above).
        let dashboard =
            try JSONSerialization.jsonObject(with: Data(contentsOf: Self.deploy.appendingPathComponent("grafana/nicompute.json")))
            as? [String: Any]
        let panels = dashboard?["panels"] as? [[String: Any]] ?? []
        #expect(panels.count >= 10)
        func blankPanels() throws -> [String] {
            try panels.compactMap { panel in
                var shown = false
                for expression in (panel["targets"] as? [[String: Any]] ?? []).compactMap({ $0["expr"] as? String }) {
                    let answer = try query(
                        "/api/v1/query?query=\(expression.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
                    guard answer["status"] as? String == "success" else {
                        return "\(panel["title"] ?? ""): \(expression) is refused: \(answer)"
                    }
                    shown = shown || !((answer["data"] as? [String: Any])?["result"] as? [Any] ?? []).isEmpty
                }
                return shown ? nil : "\(panel["title"] ?? "") shows nothing"
            }
        }
        let drawn = try await bed.waitUntil(60) { try blankPanels().isEmpty }
        let blank = (try? blankPanels()) ?? []
        #expect(drawn, "\(blank)")

        // Prometheus sees the dead instance go down.
        let noticed = try await bed.waitUntil(45) { try value("sum(up)") == 4 }
        #expect(noticed, "the killed instance's target is down")
    }

    @Test("the systemd units pass systemd-analyze verify as make install lays them out, and the env examples' flags parse")
    func systemdUnits() throws {
        let tools = try Self.tools()
        let prefix = try Self.installed()
        let directory = NSTemporaryDirectory() + "units-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // make install's paths under the PREFIX the tests installed into.
        let (nicompute, engineScript) = ("\(prefix)/bin/nicompute", "\(prefix)/share/nicompute/container-engine.sh")
        var units = [String]()
        for (name, installedAs) in [
            ("nicompute-miner.service", "nicompute-miner.service"), ("nicompute-validator.service", "nicompute-validator.service"),
            ("nicompute-api@.service", "nicompute-api@8903.service"),
            ("nicompute-rental-network.service", "nicompute-rental-network.service"),
        ] {
            let original = try String(contentsOf: Self.deploy.appendingPathComponent("systemd/\(name)"), encoding: .utf8)
            // The program each ExecStart names (make install's location) → this checkout's.
            let text = original.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
                guard line.hasPrefix("ExecStart="), let program = line.dropFirst("ExecStart=".count).split(separator: " ").first else {
                    return String(line)
                }
                let local =
                    program.hasSuffix("/nicompute") ? nicompute : program.hasSuffix("/container-engine.sh") ? engineScript : String(program)
                return line.replacingOccurrences(of: program, with: local)
            }.joined(separator: "\n")
            try text.write(toFile: "\(directory)/\(installedAs)", atomically: true, encoding: .utf8)
            units.append("\(directory)/\(installedAs)")
        }
        let verified = try MinerTestbed.run(tools.systemdAnalyze, ["verify"] + units)
        #expect(verified.status == 0 && verified.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(verified.output)")

        // Each example's flags, split on whitespace as systemd splits $VAR, are ones the command
        // takes: it gets as far as looking for the (absent) wallet.
        for (example, command, extra) in [
            ("miner", "miner", [String]()), ("validator", "validator", []), ("api", "api", ["--api.port", "8903"]),
        ] {
            let text = try String(contentsOf: Self.deploy.appendingPathComponent("systemd/\(example).env.example"), encoding: .utf8)
            let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("NICOMPUTE_") })
            let flags = line.split(separator: "=", maxSplits: 1).last.map { $0.split(separator: " ").map(String.init) } ?? []
            let run = try MinerTestbed.run(nicompute, [command] + extra + flags, environment: ["HOME": directory])
            #expect(run.output.contains("does not exist") && !run.output.contains("Usage:"), "\(example): \(run.output)")
        }
    }
}
