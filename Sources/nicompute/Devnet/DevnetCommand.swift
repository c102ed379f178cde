import ArgumentParser
import ComputeProtocol
import Foundation
import HostPaths
import Miner
import UnixSignals
#if canImport(Glibc)
    import Glibc
#endif

/// `nicompute devnet`: the whole NI Compute network on this machine, with one command.
struct DevnetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devnet",
        abstract: "Run the whole network on this machine: local chain, validator, two miners, Register API.",
        discussion: """
            The first run makes, in --devnet.dir: four wallets (subnet owner, validator, miner1, miner2; \
            unencrypted dev keys), the local chain with subnet 27 (1-second blocks), their registrations, \
            the validator's stake, and an admin API key. Then it starts, as its own child processes: \
            miner1 and miner2 (axons on --devnet.axon-port and the next port, rentals' SSH on \
            --devnet.ssh-port and the next), the validator (Proof-of-GPU at once, then every \
            --validator.pog-interval blocks; /metrics on --devnet.axon-port + 2) and the Register API \
            (--api.ip:--api.port, dashboard at /dashboard). Each child logs to <dir>/logs/<name>.log.

            It prints the admin key and the curl that rents a machine. Ctrl-C stops every child (SIGTERM, \
            SIGKILL after --devnet.stop-seconds) and removes any container left; running it again resumes \
            with the same wallets, chain and key. If a child dies, devnet says which, shows its log, and \
            stops the rest: fix the cause and rerun.

            Needs the container engine ($DOCKER_HOST; `scripts/container-engine.sh` sets one up and prints it) \
            and the Proof-of-GPU worker (`make pog-worker`). `make devnet` does all of it:
              make devnet
              DOCKER_HOST=unix:///run/podman/podman.sock nicompute devnet --devnet.dir /tmp/devnet --api.port 9903
            """
    )

    @Option(name: .customLong("devnet.dir"), help: "The state directory: wallets, chain, stores, key, logs (default ~/.nicompute/devnet).")
    var directory: String?

    @Option(
        name: .customLong("devnet.axon-port"), help: "miner1's axon port; miner2 uses the next, the validator's /metrics the one after.")
    var axonPort = 8091

    @Option(name: .customLong("devnet.ssh-port"), help: "The host port of miner1's rental SSH; miner2 uses the next.")
    var sshPort = 4444

    @Option(
        name: .customLong("devnet.user-port"),
        help: "The first host port published to rentals' user ports: miner1 takes it and the next three, miner2 the four after.")
    var userPort = UserPort.internalPorts[0]

    @Option(name: .customLong("api.port"), help: "The Register API's port.")
    var apiPort = 8903

    @Option(name: .customLong("api.ip"), help: "The address the Register API binds.")
    var apiIP = "127.0.0.1"

    @Option(
        name: .customLong("validator.worker"),
        help: "The nicompute-pog worker the validator uploads (default .build-pog/nicompute-pog; `make pog-worker`).")
    var worker: String?

    @Option(
        name: .customLong("config"), help: "The Proof-of-GPU tables (default config.yaml here or in the checkout that built nicompute).")
    var config: String?

    @Option(name: .customLong("validator.pog-interval"), help: "Blocks (seconds, on the devnet) between Proof-of-GPU rounds.")
    var pogInterval = 300

    @Option(name: .customLong("devnet.stop-seconds"), help: "Seconds a child may take to stop before it is killed.")
    var stopSeconds = 20.0

    var ports: [Int] { [axonPort, axonPort + 1, axonPort + 2, sshPort, sshPort + 1, apiPort] + Array(userPort..<(userPort + 8)) }

    /// `--external.ports` of the `index`-th miner.
    func externalPorts(_ index: Int) -> String {
        (0..<UserPort.internalPorts.count).map { String(userPort + index * UserPort.internalPorts.count + $0) }.joined(separator: ",")
    }

    func validate() throws {
        guard (1...65_533).contains(axonPort) else {
            throw ValidationError("--devnet.axon-port: must be 1…65533 (it and the next two ports are used)")
        }
        guard (1...65_534).contains(sshPort) else {
            throw ValidationError("--devnet.ssh-port: must be 1…65534 (it and the next port are used)")
        }
        guard (1...65_535).contains(apiPort) else { throw ValidationError("--api.port: must be 1…65535") }
        guard (1...65_528).contains(userPort) else {
            throw ValidationError("--devnet.user-port: must be 1…65528 (it and the next seven ports are used)")
        }
        guard Set(ports).count == ports.count else {
            throw ValidationError(
                "--devnet.axon-port, --devnet.ssh-port, --devnet.user-port, --api.port: the ports they use overlap (\(ports.map(String.init).joined(separator: ", ")))"
            )
        }
        guard pogInterval > 0 else { throw ValidationError("--validator.pog-interval: must be positive") }
        guard stopSeconds > 0 else { throw ValidationError("--devnet.stop-seconds: must be positive") }
    }

    func run() async throws {
        let state = DevnetState(directory: Self.absolute(directory ?? "~/.nicompute/devnet"))
        let executable = Self.ownExecutable()
        let worker = try Self.locate(
            worker, default: ".build-pog/nicompute-pog", flag: "--validator.worker", hint: "build it with `make pog-worker`")
        let config = try Self.locate(config, default: "config.yaml", flag: "--config", hint: "give the path of the checkout's config.yaml")
        try await Self.checkEngine()
        try FileManager.default.createDirectory(
            atPath: state.directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let lock = try Self.lock(state)
        defer { close(lock) }
        await DevnetSupervisor.stopLeftovers(state, within: stopSeconds)

        Console.say(
            "devnet: \(FileManager.default.fileExists(atPath: state.chain) ? "resuming" : "creating") the devnet in \(state.directory)")
        let prepared = try await state.prepare(say: Console.say)
        let minerHotkeys = Dictionary(
            uniqueKeysWithValues: DevnetState.miners.compactMap { name in prepared.hotkeys[name].map { (name, $0) } })
        let plans = childPlans(state: state, worker: worker, config: config)
        let apiBase = "http://\(apiIP == "0.0.0.0" ? "127.0.0.1" : apiIP):\(apiPort)"
        let guide = DevnetGuide(
            state: state, adminKey: prepared.adminKey, apiBase: apiBase, sshPorts: [sshPort, sshPort + 1],
            executable: executable)

        let supervisor = DevnetSupervisor(executable: executable, state: state)
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        let stopSeconds = stopSeconds
        let failure: String? = await withTaskGroup(of: String??.self) { group in
            group.addTask {
                for await signal in signals { await supervisor.received(signal) }
                return nil
            }
            group.addTask {
                let since = Date().timeIntervalSince1970
                do {
                    try await supervisor.start(plans)
                } catch is CancellationError {
                    return .some(nil)
                } catch {
                    return .some("devnet: \(error)")
                }
                Console.say(guide.text)
                switch await supervisor.watch(miners: minerHotkeys, since: since) {
                case .signalled: return .some(nil)
                case let .died(name, exit, log, tail):
                    return .some(
                        "devnet: \(name) \(exit); the last lines of \(log):\n\(tail)\ndevnet: stopping the rest; fix the cause and run `nicompute devnet` again (it resumes)"
                    )
                }
            }
            var failure: String?
            for await outcome in group {
                guard let outcome else { continue }
                failure = outcome
                break
            }
            if let failure { Console.say(failure) }
            if await supervisor.isRunning("api"), await !supervisor.hurried {
                Console.say(await DevnetRentals.releaseAll(apiBase: apiBase, key: prepared.adminKey))
            }
            // Stopped while the signal task still traps SIGINT, so a second Ctrl-C hurries the stop.
            await supervisor.stopAll(within: stopSeconds)
            group.cancelAll()
            return failure
        }
        Console.say(await DevnetSupervisor.sweepContainers(minerHotkeys: Array(minerHotkeys.values)))
        Console.say("devnet: stopped; `nicompute devnet\(directory.map { " --devnet.dir \($0)" } ?? "")` resumes it")
        if failure != nil { throw ExitCode.failure }
    }

    /// The children, in start order: the miners before the validator that tests them, the API last.
    private func childPlans(state: DevnetState, worker: String, config: String) -> [DevnetSupervisor.Plan] {
        let chain = [
            "--subtensor.network", "local", "--local.path", state.chain, "--local.block-seconds", "\(DevnetState.blockSeconds)",
            "--netuid", "\(DevnetState.netuid)", "--wallet.path", state.wallets,
        ]
        var plans = [DevnetSupervisor.Plan]()
        for (index, name) in DevnetState.miners.enumerated() {
            plans.append(
                .init(
                    name: name,
                    arguments: ["miner"] + chain + [
                        "--wallet.name", name, "--axon.ip", "127.0.0.1", "--axon.port", "\(axonPort + index)", "--ssh.port",
                        "\(sshPort + index)",
                        "--external.ports", externalPorts(index), "--miner.state-dir", state.minerDirectory(name),
                        "--miner.metagraph-refresh", "10", "--miner.pog-worker", worker,
                    ],
                    marker: "listening on port", ready: "axon 127.0.0.1:\(axonPort + index), rentals' SSH on port \(sshPort + index)"))
        }
        // The devnet schedule the validator tests use: CPU device class, no start delay, small
        // matrices, so both miners are scored in the first minute or two on a small machine. A
        // test that fails for a passing reason (unreachable, allocation, SSH) is retried 10 s
        // later, up to 3 times, rather than at the next round 300 blocks on.
        plans.append(
            .init(
                name: "validator",
                arguments: ["validator"] + chain + [
                    "--wallet.name", "validator", "--axon.ip", "127.0.0.1", "--axon.port", "\(axonPort + 2)",
                    "--validator.state-dir", state.validatorDirectory, "--validator.worker", worker, "--config", config,
                    "--validator.devnet", "--validator.pog-interval", "\(pogInterval)", "--validator.max-delay", "0",
                    "--validator.retry-limit", "3", "--validator.retry-interval", "10",
                    "--validator.benchmark-n", "2048", "--validator.compute-n", "256",
                ],
                marker: "metrics on port",
                ready: "Proof-of-GPU every \(pogInterval) blocks, first round now; /metrics on 127.0.0.1:\(axonPort + 2)"))
        plans.append(
            .init(
                name: "api",
                arguments: ["api"] + chain + [
                    "--wallet.name", "validator", "--db.path", state.apiDatabase, "--validator.store", state.validatorStore,
                    "--api.ip", apiIP, "--api.port", "\(apiPort)",
                ],
                marker: "api: listening", ready: "Register API on \(apiIP):\(apiPort)"))
        return plans
    }

    /// The running executable, so children are exactly this build.
    static func ownExecutable() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if length > 0 { return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        return absolute(CommandLine.arguments.first ?? "nicompute")
    }

    /// `path` when given (it must exist), else `fallback` relative to the working directory or to
    /// a folder above this executable (the checkout that built it).
    static func locate(_ path: String?, default fallback: String, flag: String, hint: String) throws -> String {
        if let path {
            let full = absolute(path)
            guard FileManager.default.fileExists(atPath: full) else { throw CLIError("\(flag): \(full) does not exist; \(hint)") }
            return full
        }
        var candidates = [absolute(fallback)]
        var folder = URL(fileURLWithPath: ownExecutable()).deletingLastPathComponent()
        while folder.path != "/" {
            candidates.append(folder.appendingPathComponent(fallback).path)
            folder.deleteLastPathComponent()
        }
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw CLIError("\(flag): no \(fallback) here or above \(ownExecutable()); \(hint), or give \(flag)")
        }
        return found
    }

    static func absolute(_ path: String) -> String {
        HomeDirectory.absolute(path)
    }

    /// Fails early, with the fix, when no container engine answers: the miners would otherwise
    /// each fail with a longer story.
    static func checkEngine() async throws {
        let endpoint: DockerEndpoint
        do { endpoint = try DockerEndpoint.fromEnvironment() } catch { throw CLIError("DOCKER_HOST: \(error)") }
        let docker = DockerClient(endpoint: endpoint)
        let answers = await docker.ping()
        await docker.shutdown()
        guard answers else {
            throw CLIError(
                "the container engine at \(endpoint) does not answer: run scripts/container-engine.sh and set DOCKER_HOST to what it prints (`make devnet` does both)"
            )
        }
    }

    /// One devnet per state directory: a second would fight the first for ports and containers.
    static func lock(_ state: DevnetState) throws -> Int32 {
        let descriptor = open(state.lockFile, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw CLIError("--devnet.dir: cannot open \(state.lockFile): \(String(cString: strerror(errno)))") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw CLIError("--devnet.dir: another `nicompute devnet` runs on \(state.directory); stop it first (Ctrl-C in its terminal)")
        }
        return descriptor
    }
}
