import Foundation
import Miner
import Testing
import TestSupport

/// A local chain, a miner hotkey and validator hotkeys registered on it, and a real
/// `nicompute miner` process on the real container engine; requests come from the Python
/// Bittensor SDK's dendrite (`renter_peer.py`), logins from real OpenSSH. A missing peer fails
/// loudly: `make test` installs and starts every one of them.
final class MinerTestbed: @unchecked Sendable {
    static var repository: URL { TestPaths.repository }
    static var nicompute: String {
        TestPaths.nicompute
    }
    static var python: String { repository.appendingPathComponent(".venv/bin/python").path }
    static var peer: String { repository.appendingPathComponent("Tests/NodeInteropTests/renter_peer.py").path }

    struct Failure: Error, CustomStringConvertible { let description: String }

    let root: String
    let chain: String
    let wallets: String
    let axonPort: Int
    let sshPort: Int
    /// `--external.ports`: four ports from axonPort + 5 000 on.
    var userPorts: [Int] { (0..<4).map { axonPort + 5_000 + $0 } }
    let validators: [String]
    private(set) var minerHotkey = ""
    private var miner: Process?
    private var logPath: String { root + "/miner.log" }

    init(validators count: Int) throws {
        root = NSTemporaryDirectory() + "nicompute-miner-" + UUID().uuidString.prefix(8)
        chain = root + "/chain.sqlite"
        wallets = root + "/wallets"
        axonPort = TestPorts.base(span: 10_001)
        sshPort = axonPort + 10_000
        validators = (0..<count).map { "v\($0)" }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        // "stranger" has a hotkey but is not registered on the subnet.
        for name in ["miner", "stranger"] + validators {
            // Fresh keys per testbed, so the containers of one run are never mistaken for another's.
            let seed = "0x" + (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
            try Self.check(
                Self.run(Self.nicompute, ["wallet", "regen-hotkey", "--wallet.path", wallets, "--wallet.hotkey", name, "--seed", seed]))
            if name == "stranger" { continue }
            try Self.check(
                Self.run(
                    Self.nicompute,
                    [
                        "subnet", "register", "--wallet.path", wallets, "--wallet.hotkey", name,
                        "--local.path", chain, "--local.block-seconds", "1", "--netuid", "27",
                    ]))
        }
        let keyfile = try Data(contentsOf: URL(fileURLWithPath: wallets + "/default/hotkeys/miner"))
        minerHotkey = (try JSONSerialization.jsonObject(with: keyfile) as? [String: Any])?["ss58Address"] as? String ?? ""
    }

    deinit {
        miner?.terminate()
        try? FileManager.default.removeItem(atPath: root)
    }

    // MARK: - The miner process

    /// Starts `nicompute miner` and waits until its axon listens.
    func startMiner(_ extra: [String] = []) async throws {
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        log.seekToEndOfFile()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.nicompute)
        process.arguments =
            [
                "miner", "--subtensor.network", "local", "--local.path", chain, "--wallet.path", wallets,
                "--wallet.hotkey", "miner", "--axon.ip", "127.0.0.1", "--axon.port", "\(axonPort)", "--ssh.port", "\(sshPort)",
                "--external.ports", userPorts.map(String.init).joined(separator: ","), "--miner.state-dir", root + "/state",
                "--miner.whitelist.not.enough.stake", "--miner.metagraph-refresh", "1",
            ] + extra
        process.standardOutput = log
        process.standardError = log
        try process.run()
        miner = process
        let marker = "listening on port"
        for _ in 0..<600 {
            if minerLog.contains(marker) { return }
            if !process.isRunning { throw Failure(description: "the miner exited: \(minerLog)") }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure(description: "the miner did not start listening in 60 s: \(minerLog)")
    }

    /// Stops the miner with `signal` (SIGTERM: clean; SIGKILL: a crash) and waits for it.
    func stopMiner(signal: Int32 = SIGTERM) {
        guard let miner else { return }
        kill(miner.processIdentifier, signal)
        miner.waitUntilExit()
        self.miner = nil
    }

    var minerLog: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    // MARK: - The requester (Python SDK)

    /// Sends `synapse` (Allocate fields) from each of `hotkeys` at once; their answers in order.
    func allocate(_ synapse: [String: Any], from hotkeys: [String], timeout: Double = 60) throws -> [[String: Any]] {
        let arguments: [String: Any] = [
            "wallet_path": wallets, "port": axonPort, "axon_hotkey": minerHotkey,
            "hotkeys": hotkeys, "synapse": synapse, "timeout": timeout,
        ]
        return try Self.peerCall("call", arguments) as? [[String: Any]] ?? []
    }

    /// The output dict of one Allocate from `hotkey`.
    func output(_ synapse: [String: Any], from hotkey: String = "v0") throws -> [String: Any] {
        let answer = try allocate(synapse, from: [hotkey]).first ?? [:]
        guard let output = answer["output"] as? [String: Any] else { throw Failure(description: "no output in \(answer)") }
        return output
    }

    static func keygen() throws -> (privateKey: String, publicKey: String) {
        let keys = try peerCall("keygen", nil) as? [String: String] ?? [:]
        return (keys["private"] ?? "", keys["public"] ?? "")
    }

    static func decrypt(_ info: String, privateKey: String) throws -> [String: Any] {
        try peerCall("decrypt", ["info": info, "private": privateKey]) as? [String: Any] ?? [:]
    }

    private static func peerCall(_ command: String, _ arguments: [String: Any]?) throws -> Any {
        var argv = [peer, command]
        if let arguments { argv.append(String(decoding: try JSONSerialization.data(withJSONObject: arguments), as: UTF8.self)) }
        let result = try check(run(python, argv))
        guard let line = result.split(separator: "\n").last else { throw Failure(description: "renter_peer.py printed nothing") }
        return try JSONSerialization.jsonObject(with: Data(line.utf8))
    }

    // MARK: - OpenSSH

    /// Runs `command` over SSH in the rental container with a password or a key file.
    func ssh(password: String? = nil, identity: String? = nil, _ command: String) throws -> (status: Int32, output: String) {
        var arguments = [
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "ConnectTimeout=10",
            "-o", "LogLevel=ERROR", "-p", "\(sshPort)",
        ]
        var environment = [String: String]()
        let executable: String
        if let identity {
            executable = "/usr/bin/ssh"
            arguments += ["-i", identity, "-o", "BatchMode=yes", "-o", "PasswordAuthentication=no"]
        } else {
            executable = "/usr/bin/sshpass"
            environment["SSHPASS"] = password ?? ""
            arguments = ["-e", "ssh", "-o", "PubkeyAuthentication=no"] + arguments
        }
        let result = try Self.run(executable, arguments + ["root@127.0.0.1", command], environment: environment)
        return (result.status, result.output)
    }

    /// A fresh ed25519 key pair for OpenSSH: (private key path, public key line).
    func sshKey(named name: String) throws -> (path: String, publicKey: String) {
        let path = root + "/" + name
        try Self.check(Self.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path]))
        return (path, try String(contentsOfFile: path + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    // MARK: - The container engine

    /// Runs `body` with a client of the engine and shuts the client down however `body` ends:
    /// AsyncHTTPClient traps on a client dropped without shutdown, and that trap would end the
    /// whole test run instead of failing one test.
    static func withDocker<T>(_ body: (DockerClient) async throws -> T) async throws -> T {
        let docker = DockerClient(endpoint: try DockerEndpoint.fromEnvironment())
        do {
            let result = try await body(docker)
            await docker.shutdown()
            return result
        } catch {
            await docker.shutdown()
            throw error
        }
    }

    /// The containers this testbed's miner made (by the miner label the engine keeps).
    func containers() async throws -> [ContainerSummary] {
        try await Self.withDocker { try await $0.listContainers(withLabel: "\(RentalContainer.minerLabel)=\(minerHotkey)") }
    }

    /// The engine's view of a container: its state and the limits it got.
    func inspect(_ id: String) async throws -> ContainerInspection? {
        try await Self.withDocker { try await $0.inspectContainer(id) }
    }

    // MARK: - Processes

    struct Result { let status: Int32; let output: String }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let output = try ChildProcess.run(executable, arguments, environment: environment)
        return Result(status: output.status, output: output.combined)
    }

    @discardableResult
    static func check(_ result: Result) throws -> String {
        guard result.status == 0 else { throw Failure(description: "exit \(result.status): \(result.output)") }
        return result.output
    }
}
