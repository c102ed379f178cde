import Foundation
import Miner
import UnixSignals
import Validator
#if canImport(Glibc)
    import Glibc
#endif

/// Starts devnet's children one after the other, watches them, and stops them all.
///
/// A child that dies stops the whole devnet rather than being restarted: the usual causes (a
/// port taken, the engine gone, a bad flag) would only fail again in a loop that hides the
/// first error, and a devnet with a part missing shows a market that is not there (miners never
/// scored, allocations that fail). The user is at the terminal; a rerun resumes in seconds.
actor DevnetSupervisor {
    /// A child to start: its name, subcommand and flags, the log line that says it is ready,
    /// and the status line printed then.
    struct Plan: Sendable {
        var name: String
        var arguments: [String]
        var marker: String
        var ready: String
        var startSeconds: Double = 120
    }

    /// Why the watch ended.
    enum Outcome: Sendable {
        case signalled
        case died(name: String, exit: String, log: String, tail: String)
    }

    private let executable: String
    private let state: DevnetState
    private var children: [DevnetChild] = []
    private var signals = 0

    init(executable: String, state: DevnetState) {
        self.executable = executable
        self.state = state
    }

    /// Called for each SIGINT/SIGTERM: the first stops the devnet, a second hurries the stop.
    func received(_ signal: UnixSignal) {
        signals += 1
        if signals == 1 {
            Console.say("devnet: \(signal), stopping every child (press Ctrl-C again to kill them at once)")
        } else {
            Console.say("devnet: \(signal) again, killing what still runs")
        }
    }

    /// Whether child `name` was started and still runs.
    func isRunning(_ name: String) async -> Bool {
        guard let child = children.first(where: { $0.name == name }) else { return false }
        return await child.poll() == nil
    }

    var signalled: Bool { signals > 0 }
    var hurried: Bool { signals > 1 }

    /// Starts each plan in order, waiting for its ready line; throws on the first that fails
    /// (its log's last lines in the message) or `CancellationError` on a signal.
    func start(_ plans: [Plan]) async throws {
        for plan in plans {
            if signalled { throw CancellationError() }
            let child = try DevnetChild(name: plan.name, executable: executable, arguments: plan.arguments, logPath: state.log(plan.name))
            children.append(child)
            recordChildren()
            try await child.waitFor(plan.marker, seconds: plan.startSeconds) { await self.signalled }
            Console.say("devnet: \(plan.name) up (pid \(child.pid)): \(plan.ready); log \(child.logPath)")
        }
    }

    /// Waits for a signal or a child's death, meanwhile saying once per miner when the validator
    /// has verified it in this run (from `since`, seconds since 1970): renting works from then
    /// on, as the validator's test container is gone by the time its result is recorded. An
    /// earlier run's result would announce miners that the first round is still testing. A
    /// failed test is said too, with its reason, so a newcomer knows why a miner is not scored.
    func watch(miners: [String: String], since: Double) async -> Outcome {
        var announced = Set<String>()
        var failuresSaid = [String: Double]()
        var store: ValidatorStore?
        var lastCheck = ContinuousClock.now - .seconds(60)
        while !signalled {
            for child in children {
                if let exit = await child.poll() {
                    return .died(name: child.name, exit: exit.description, log: child.logPath, tail: child.tail())
                }
            }
            if announced.count < miners.count, ContinuousClock.now - lastCheck > .seconds(2) {
                lastCheck = ContinuousClock.now
                if store == nil { store = try? ValidatorStore(path: state.validatorStore) }
                let verified = (try? await store?.latestVerified()) ?? [:]
                let latest = (try? await store?.latestResults()) ?? [:]
                for (name, hotkey) in miners.sorted(by: { $0.key < $1.key }) where !announced.contains(name) {
                    if let failed = latest[hotkey], !failed.passed, failed.at >= since, failuresSaid[name] != failed.at {
                        failuresSaid[name] = failed.at
                        Console.say(
                            "devnet: \(name) failed Proof-of-GPU: \(failed.reason ?? "no reason recorded"); the validator tries again next round (logs/validator.log)"
                        )
                    }
                    guard let result = verified[hotkey], result.at >= since else { continue }
                    announced.insert(name)
                    Console.say(
                        "devnet: \(name) verified by Proof-of-GPU: \(result.device) ×\(result.count), score \(String(format: "%.4f", result.score))"
                    )
                }
                if announced.count == miners.count { Console.say("devnet: every miner is scored; the allocate command above works now") }
            }
            try? await Task.sleep(for: .milliseconds(250))
        }
        return .signalled
    }

    /// Stops the children: the API and the validator first (they call the miners), then the
    /// miners, each with SIGTERM and SIGKILL after `seconds` (at once after a second Ctrl-C).
    func stopAll(within seconds: Double) async {
        let first = children.filter { !DevnetState.miners.contains($0.name) }
        let miners = children.filter { DevnetState.miners.contains($0.name) }
        for batch in [first.reversed(), miners.reversed()] where !batch.isEmpty {
            await withTaskGroup(of: Void.self) { group in
                for child in batch {
                    group.addTask {
                        let exit = await child.stop(within: seconds) { await self.hurried }
                        Console.say("devnet: \(child.name) stopped (\(exit))")
                    }
                }
            }
        }
        children = []
        try? FileManager.default.removeItem(atPath: state.childrenFile)
    }

    /// Notes the children's pids, so that a devnet killed without its cleanup (SIGKILL) has its
    /// children stopped by the next run instead of holding the ports.
    private func recordChildren() {
        let lines = children.map { "\($0.pid) \($0.name)\n" }.joined()
        _ = FileManager.default.createFile(atPath: state.childrenFile, contents: Data(lines.utf8), attributes: [.posixPermissions: 0o600])
    }

    /// Stops children an earlier devnet on this directory left running: only a noted pid whose
    /// command line still names this directory (a pid reused since by another program does not).
    static func stopLeftovers(_ state: DevnetState, within seconds: Double) async {
        guard let text = try? String(contentsOfFile: state.childrenFile, encoding: .utf8) else { return }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 2, let pid = pid_t(fields[0]) else { continue }
            let command =
                (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))).map { String(decoding: $0, as: UTF8.self) } ?? ""
            guard command.contains(state.directory) else { continue }
            Console.say("devnet: \(fields[1]) (pid \(pid)) of an earlier devnet still runs; stopping it")
            kill(pid, SIGTERM)
            let deadline = ContinuousClock.now + .seconds(seconds)
            while isRunning(pid), ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(100)) }
            if isRunning(pid) { kill(pid, SIGKILL) }
        }
        try? FileManager.default.removeItem(atPath: state.childrenFile)
    }

    /// Whether `pid` exists and is not a zombie (an orphan's exit is reaped by whoever adopted
    /// it, maybe late, maybe never).
    static func isRunning(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return !stat[close...].hasPrefix(") Z")
    }

    /// Removes containers the miners left (a rental the API could not release, or a validator
    /// test interrupted halfway): a devnet leaves nothing behind. The miners close those
    /// allocations when they next start, finding the containers gone.
    static func sweepContainers(minerHotkeys: [String]) async -> String {
        let endpoint: DockerEndpoint
        do { endpoint = try DockerEndpoint.fromEnvironment() } catch { return "devnet: cannot check for containers left: \(error)" }
        let docker = DockerClient(endpoint: endpoint)
        var removed = 0
        var failures = [String]()
        for hotkey in minerHotkeys {
            do {
                for container in try await docker.listContainers(withLabel: "\(RentalContainer.minerLabel)=\(hotkey)") {
                    try await docker.removeContainer(container.id)
                    removed += 1
                }
            } catch {
                failures.append("\(error)")
            }
        }
        await docker.shutdown()
        if !failures.isEmpty { return "devnet: could not remove every container: \(failures.joined(separator: "; "))" }
        return removed == 0 ? "devnet: no containers left" : "devnet: removed \(removed) container(s) still running at the stop"
    }
}
