import Foundation
import Miner

/// One `nicompute devnet` process in a test's state directory on ports of its own, its output
/// in a log file the test reads.
final class DevnetRun: @unchecked Sendable {
    let directory: String
    let axonPort: Int
    let sshPort: Int
    let apiPort: Int
    let logPath: String
    private let process = Process()

    init(directory: String, axonPort: Int, sshPort: Int, apiPort: Int, logName: String) throws {
        self.directory = directory
        self.axonPort = axonPort
        self.sshPort = sshPort
        self.apiPort = apiPort
        logPath = directory + "-" + logName + ".log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.executableURL = URL(fileURLWithPath: MinerTestbed.nicompute)
        process.arguments = [
            "devnet", "--devnet.dir", directory, "--devnet.axon-port", "\(axonPort)", "--devnet.ssh-port", "\(sshPort)",
            "--devnet.user-port", "\(sshPort + 3)",
            "--api.port", "\(apiPort)", "--validator.worker", NetworkTestbed.worker,
            "--config", MinerTestbed.repository.appendingPathComponent("config.yaml").path, "--devnet.stop-seconds", "20",
            // Rounds every 100 blocks (s) instead of 300: a miner whose first test in a run fails
            // under a loaded CI machine is tested again while the test still waits (150 s), and
            // the journey itself (about 10 s a run) stays clear of the second round.
            "--validator.pog-interval", "100",
        ]
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        // A failed expectation must not leave a devnet running: its children stop with it.
        if process.isRunning { interrupt(within: 60) }
        killOrphans()
    }

    var output: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }
    var isRunning: Bool { process.isRunning }
    var exitStatus: Int32 { process.terminationStatus }

    /// Waits until the output contains `marker`; false after `seconds` or when devnet exits.
    func waitFor(_ marker: String, seconds: Double) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if output.contains(marker) { return true }
            if !process.isRunning { return output.contains(marker) }
            try await Task.sleep(for: .milliseconds(250))
        }
        return output.contains(marker)
    }

    /// The admin key the guide printed.
    var adminKey: String? {
        output.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("admin API key") }?
            .split(separator: " ").last.map(String.init).flatMap { $0.hasPrefix("nic_") ? $0 : nil }
    }

    /// The children's pids from devnet's status lines ("… up (pid N): …").
    var childPIDs: [Int32] {
        output.split(separator: "\n").compactMap { line in
            guard let range = line.range(of: "(pid ") else { return nil }
            return Int32(line[range.upperBound...].prefix { $0.isNumber })
        }
    }

    /// SIGINT as Ctrl-C sends it; SIGKILL after `seconds` if devnet is still running. True when it
    /// stopped on its own.
    @discardableResult
    func interrupt(within seconds: Double) -> Bool {
        kill(process.processIdentifier, SIGINT)
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { usleep(100_000) }
        let clean = !process.isRunning
        if !clean {
            kill(process.processIdentifier, SIGKILL)
            killOrphans()
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning, Date() < deadline { usleep(50_000) }
        }
        return clean
    }

    /// SIGKILL for devnet alone, as a crash would: its children keep running.
    func crash() {
        kill(process.processIdentifier, SIGKILL)
        // Polled: waitUntilExit on a task's thread can miss the exit of a killed child.
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { usleep(50_000) }
    }

    /// SIGKILL for the children devnet printed that still run with this state directory (a
    /// pid reused by another program since is left alone).
    func killOrphans() {
        for pid in childPIDs {
            let command =
                (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))).map { String(decoding: $0, as: UTF8.self) } ?? ""
            if command.contains(directory) { kill(pid, SIGKILL) }
        }
    }

    /// The hotkey (SS58) of devnet wallet `name`.
    func hotkey(_ name: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/wallets/\(name)/hotkeys/default"))
        return (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["ss58Address"] as? String ?? ""
    }

    /// POSTs to the devnet's API with curl: (status, JSON object, text).
    func post(_ path: String, key: String, body: String? = nil) throws -> (status: Int, json: [String: Any], text: String) {
        var arguments = [
            "-s", "-o", "-", "-w", "\n%{http_code}", "-X", "POST", "http://127.0.0.1:\(apiPort)\(path)", "-H",
            "Authorization: Bearer \(key)",
        ]
        if let body { arguments += ["-H", "Content-Type: application/json", "-d", body] }
        let output = try MinerTestbed.check(MinerTestbed.run("/usr/bin/curl", arguments))
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        let text = lines.dropLast().joined(separator: "\n")
        return (Int(lines.last ?? "") ?? 0, (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:], text)
    }

    /// Containers of this devnet's miners (by the miner label), and how many of them carry the
    /// allocation label every rental and test container has.
    func containers() async throws -> (all: Int, allocations: Int) {
        let all = try await MinerTestbed.withDocker { docker in
            var all = [ContainerSummary]()
            for name in ["miner1", "miner2"] {
                all += try await docker.listContainers(withLabel: "\(RentalContainer.minerLabel)=\(try hotkey(name))")
            }
            return all
        }
        return (all.count, all.filter { $0.labels[RentalContainer.allocationLabel] != nil }.count)
    }
}
