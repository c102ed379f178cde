import ArgumentParser
import BittensorCrypto
import ComputeProtocol
import Foundation
import HostPaths
import Miner
import Subtensor

/// `nicompute miner [run]`: rents this machine out on subnet 27.
struct MinerRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a miner: serve Allocate/Specs on the axon and rent out SSH containers.",
        discussion: """
            The miner publishes its axon on the chain, then answers validators and the Register API. \
            Each allocation is one container made through the Docker Engine API ($DOCKER_HOST, else \
            /var/run/docker.sock, else Podman's /run/podman/podman.sock), reachable over SSH on --ssh.port \
            with the CPU and memory limits asked for, and NVIDIA GPUs when the machine has them. \
            Allocations survive restarts (SQLite store); timelines expire on their own.

            A local miner on the embedded chain, after `scripts/container-engine.sh`:
              nicompute miner --subtensor.network local --wallet.name miner --axon.port 8091 --ssh.port 4444
            A GPU miner builds its rental image from SN27 v2.2's PyTorch/CUDA image the first time \
            (another base: --miner.base-image).
            Before the first start, check that validators can reach the ports:
              nicompute miner check-ports --host <public address>
            """
    )

    @OptionGroup var wallet: WalletOptions
    @OptionGroup var chain: ChainOptions

    @OptionGroup var ports: MinerPortOptions

    @Option(name: .customLong("axon.ip"), help: "The address the axon binds.")
    var axonIP = "0.0.0.0"

    @Option(name: .customLong("axon.external_ip"), help: "The IP published on chain (default 127.0.0.1 on the local chain).")
    var externalIP: String?

    @Option(name: .customLong("axon.external_port"), help: "The port published on chain, when a proxy or NAT maps it.")
    var externalPort: Int?

    @Option(name: .customLong("blacklist.hotkeys"), help: "Comma-separated hotkeys to refuse.")
    var blacklistHotkeys = ""

    @Option(
        name: .customLong("whitelist.hotkeys"), help: "Comma-separated hotkeys: when given, only these may call (no stake check for them).")
    var whitelistHotkeys = ""

    @Flag(
        name: .customLong("blacklist.exploiters"), inversion: .prefixedNo,
        help: "Refuse the reference's suspected exploiter hotkeys.")
    var blacklistExploiters = true

    @Flag(name: .customLong("miner.whitelist.not.enough.stake"), help: "Accept registered callers below the validator stake minimum.")
    var allowLowStake = false

    @Option(name: .customLong("miner.min-validator-stake"), help: "The stake (TAO) a caller needs unless whitelisted.")
    var minimumStakeTAO = AdmissionPolicy.defaultMinimumStakeTAO

    @Option(
        name: .customLong("miner.ssh-image"),
        help: ArgumentHelp(
            "The image rental containers start from.",
            discussion:
                "Default: on a GPU machine, an image built from --miner.base-image (default \(RentalImage.referenceGPUBase), SN27 v2.2's) with sshd, SFTP and python3; without GPUs, \(RentalImage.localImage) from scripts/container-engine.sh."
        ))
    var sshImage: String?

    @Option(name: .customLong("miner.base-image"), help: "The base the SSH image is built from when missing (e.g. a CUDA/PyTorch image).")
    var baseImage: String?

    @Option(
        name: .customLong("miner.pog-worker"),
        help: ArgumentHelp(
            "A Proof-of-GPU worker (nicompute-pog) to put in validators' test containers.",
            discussion:
                "A validator whose worker has the same sha256 (the same release) then finds it in place and sends nothing; one of another release uploads its own over it. `make install` puts the worker at /usr/local/bin/nicompute-pog."
        ))
    var pogWorker: String?

    @Option(name: .customLong("miner.state-dir"), help: "Where the allocation store lives (default ~/.nicompute/miner/<wallet>/<hotkey>).")
    var stateDirectory: String?

    @Option(name: .customLong("miner.metagraph-refresh"), help: "Seconds between metagraph refreshes.")
    var metagraphRefreshSeconds = 60.0

    @Option(
        name: .customLong("miner.pids-limit"),
        help: ArgumentHelp(
            "The most processes and threads one rental container may hold (a fork bomb stops there, not at the host).",
            discussion:
                "Every rental also gets no-new-privileges, loses NET_RAW, MKNOD and AUDIT_WRITE, and a memory and CPU limit (3/4 of the machine's memory, all its CPUs) when its request names none."
        ))
    var pidsLimit = RentalLimits.defaultPidsLimit

    @Option(
        name: .customLong("miner.network"),
        help: ArgumentHelp(
            "The container-engine network rentals join.",
            discussion:
                "scripts/container-engine.sh makes nicompute-rentals with firewall rules that keep rentals off this machine's own services and link-local (cloud metadata) addresses; another network goes without them."
        ))
    var network = RentalLimits.defaultNetwork

    @Option(
        name: .customLong("miner.timeline-unit-seconds"),
        help: ArgumentHelp("Seconds in one timeline day (tests and the devnet shorten it).", visibility: .hidden))
    var timelineUnitSeconds = 86_400.0

    @Option(
        name: .customLong("miner.expiry-check-seconds"), help: ArgumentHelp("Seconds between timeline expiry checks.", visibility: .hidden))
    var expiryCheckSeconds = 30.0

    @Option(
        name: .customLong("miner.creation-pause-seconds"),
        help: ArgumentHelp("Fault tests: seconds every creation waits once its container started.", visibility: .hidden))
    var creationPauseSeconds = 0.0

    func validate() throws {
        if let externalPort, !(1...65_535).contains(externalPort) { throw ValidationError("--axon.external_port: must be 1…65535") }
        if let sshImage, !ImageReference.isValid(sshImage) { throw ValidationError("--miner.ssh-image: not an image reference") }
        if let baseImage, !ImageReference.isValid(baseImage) { throw ValidationError("--miner.base-image: not an image reference") }
        // A bind mount's syntax: `host:container:ro`.
        if let pogWorker, pogWorker.isEmpty || pogWorker.contains(":") || pogWorker.contains(",") {
            throw ValidationError("--miner.pog-worker: a file path, without ':' or ','")
        }
        guard (0...60).contains(creationPauseSeconds) else { throw ValidationError("--miner.creation-pause-seconds: must be 0…60") }
        guard metagraphRefreshSeconds > 0, timelineUnitSeconds > 0, expiryCheckSeconds > 0 else {
            throw ValidationError(
                "--miner.metagraph-refresh, --miner.timeline-unit-seconds, --miner.expiry-check-seconds: must be positive")
        }
        guard minimumStakeTAO >= 0, minimumStakeTAO <= 21_000_000 else {
            throw ValidationError("--miner.min-validator-stake: must be 0…21000000 TAO")
        }
        guard (16...4_194_304).contains(pidsLimit) else { throw ValidationError("--miner.pids-limit: must be 16…4194304") }
        let nameCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
        guard (1...128).contains(network.count), network.allSatisfy(nameCharacters.contains),
            network.first.map({ !"_.-".contains($0) }) ?? false
        else {
            throw ValidationError("--miner.network: a network name (letters, digits, _ . -; starting with a letter or digit)")
        }
        for key in Console.list(blacklistHotkeys) + Console.list(whitelistHotkeys) where !SS58.isValid(key) {
            throw ValidationError("--blacklist.hotkeys/--whitelist.hotkeys: \(key) is not an SS58 address")
        }
    }

    func run() async throws {
        let wallet = try wallet.wallet()
        let hotkey = try wallet.hotkeyFile.keypair(password: PasswordPrompt.existing(for: wallet.hotkeyFile))
        let localChain = try chain.subnetChain(signer: hotkey)
        // Checked here, after the wallet, as the other paths are: it may not exist when flags are checked.
        let worker = try pogWorker.map { path in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                throw ValidationError(
                    "--miner.pog-worker: \(path) is not a file (`make install` puts the worker at /usr/local/bin/nicompute-pog)")
            }
            return URL(fileURLWithPath: path).standardizedFileURL.path
        }
        let directory = stateDirectory ?? HomeDirectory.nicompute("miner/\(self.wallet.name)/\(self.wallet.hotkey)")
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let policy = AdmissionPolicy(
            blacklist: Set(Console.list(blacklistHotkeys)), whitelist: Set(Console.list(whitelistHotkeys)),
            exploiters: blacklistExploiters ? ExploiterHotkeys.reference : [],
            minimumStake: Int(minimumStakeTAO * AdmissionPolicy.raoPerTAO), allowLowStake: allowLowStake)
        let configuration = MinerConfiguration(
            netuid: chain.netuid, axonHost: axonIP, axonPort: ports.axonPort, externalIP: externalIP ?? "127.0.0.1",
            externalPort: externalPort, sshPort: ports.sshPort, userPorts: ports.userPorts, sshImage: sshImage, baseImage: baseImage,
            storePath: "\(directory)/miner.sqlite", admission: policy, metagraphRefresh: .seconds(metagraphRefreshSeconds),
            expiryCheck: .seconds(expiryCheckSeconds), timelineUnitSeconds: timelineUnitSeconds,
            limits: RentalLimits(pidsLimit: pidsLimit, network: network),
            pogWorker: worker, creationPause: .milliseconds(Int(creationPauseSeconds * 1000)))
        let service = MinerService(
            configuration: configuration, hotkey: hotkey, chain: localChain,
            dockerEndpoint: try DockerEndpoint.fromEnvironment())
        Console.say(
            "miner \(hotkey.ss58Address): axon on \(axonIP):\(ports.axonPort), ssh on \(ports.sshPort), user ports \(ports.externalPorts.isEmpty ? "none" : ports.externalPorts), store \(directory)/miner.sqlite"
        )
        try await Console.runUntilSignal("miner") {
            try await service.run { port in Console.say("miner: listening on port \(port)") }
        }
    }

}
