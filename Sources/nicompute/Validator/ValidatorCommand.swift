import ArgumentParser
import BittensorCrypto
import ComputeProtocol
import Foundation
import HostPaths
import Miner
import ProofOfGPU
import ProofOfGPUConfig
import Subtensor
import Validator

/// `nicompute validator`: proves what miners are and sets weights.
struct ValidatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validator",
        abstract: "Run a validator: Proof-of-GPU over SSH on every miner, scores, weights on chain.",
        discussion: """
            Every --validator.pog-interval blocks (after a random delay) each queryable miner is tested: \
            a test container is allocated with a fresh RSA key, the validator logs in over SSH, uploads \
            nicompute-pog (`make pog-worker`), benchmarks and identifies the device, has it multiply \
            seeded matrices and proves random cells against their Merkle root, then deallocates. Weights \
            (the latest verified score per miner, L1-normalised) are set every --validator.weights-interval \
            blocks and after each round.

            A validator on the local devnet (CPU miners, everything in seconds):
              nicompute validator --wallet.name validator --validator.devnet \\
                --validator.pog-interval 60 --validator.max-delay 0 --validator.compute-n 1024
            """
    )

    @OptionGroup var wallet: WalletOptions
    @OptionGroup var chain: ChainOptions

    @Option(name: .customLong("axon.port"), help: "The port of /metrics (a validator serves no synapses).")
    var metricsPort = 8092

    @Option(name: .customLong("axon.ip"), help: "The address /metrics binds.")
    var metricsHost = "0.0.0.0"

    @Option(name: .customLong("config"), help: "The Proof-of-GPU tables and settings.")
    var configPath = "config.yaml"

    @Option(name: .customLong("validator.worker"), help: "The nicompute-pog executable uploaded to miners (`make pog-worker`).")
    var workerPath = ".build-pog/nicompute-pog"

    @Option(
        name: .customLong("validator.state-dir"),
        help: "Where the validator store and its pending weight reveals live (default ~/.nicompute/validator/<wallet>/<hotkey>).")
    var stateDirectory: String?

    @Option(name: .customLong("blacklist.hotkeys"), help: "Comma-separated miner hotkeys never tested.")
    var blacklistHotkeys = ""

    @Option(name: .customLong("blacklist.coldkeys"), help: "Comma-separated miner coldkeys never tested.")
    var blacklistColdkeys = ""

    @Flag(name: .customLong("blacklist.exploiters"), inversion: .prefixedNo, help: "Never test the reference's suspected exploiters.")
    var blacklistExploiters = true

    @Option(name: .customLong("validator.penalized.hotkeys"), help: "Comma-separated hotkeys that score 0.")
    var penalizedHotkeys = ""

    @Flag(name: .customLong("validator.burn"), help: "Send all weight to the subnet owner's uid (v1.9.0's behaviour).")
    var burn = false

    @Option(
        name: .customLong("validator.subnet-config-url"),
        help:
            "Poll the subnet config (v2.2's weights policy) from this URL every 60 s, as the reference polls its server; by default the one pinned in --config holds."
    )
    var subnetConfigURL: String?

    @Flag(name: .customLong("validator.devnet"), help: "Local devnet: identify and score the CPU device class.")
    var devnet = false

    @Flag(
        name: .customLong("validator.one-uid-per-ip"),
        help: ArgumentHelp(
            "Test only the first uid of each IP address (v1.9.0's filter).",
            discussion:
                "SN27 v2.2 validators test every uid, so weights given with this filter disagree with theirs for miners that share an address."
        ))
    var oneUIDPerIP = false

    @Option(name: .customLong("validator.pog-interval"), help: "Blocks between PoG rounds.")
    var pogInterval = 360

    @Option(name: .customLong("validator.weights-interval"), help: "Blocks between weight settings.")
    var weightsInterval = 100

    @Option(
        name: .customLong("validator.max-delay"), help: "Seconds: a round starts after a random delay up to this (default: config.yaml's).")
    var maximumDelay: Double?

    @Option(name: .customLong("validator.max-workers"), help: "Miners tested at once.")
    var maximumWorkers = 32

    @Option(name: .customLong("validator.retry-limit"), help: "Retries of a transient failure (default: config.yaml's).")
    var retryLimit: Int?

    @Option(name: .customLong("validator.retry-interval"), help: "Seconds between retries (default: config.yaml's).")
    var retryInterval: Double?

    @Option(name: .customLong("validator.test-timeout"), help: "Seconds one miner's whole test may take.")
    var testTimeout = 300.0

    @Option(name: .customLong("validator.benchmark-n"), help: "Benchmark matrix size (default: from the device's memory).")
    var benchmarkN: Int?

    @Option(name: .customLong("validator.compute-n"), help: "Compute matrix size (default: 10 % of the device's memory).")
    var computeN: Int?

    func validate() throws {
        guard (1...65_535).contains(metricsPort) else { throw ValidationError("--axon.port: must be 1…65535") }
        guard pogInterval > 0, weightsInterval > 0 else {
            throw ValidationError("--validator.pog-interval, --validator.weights-interval: must be positive")
        }
        guard (1...1_024).contains(maximumWorkers) else { throw ValidationError("--validator.max-workers: must be 1…1024") }
        guard testTimeout > 0, (maximumDelay ?? 0) >= 0, (retryInterval ?? 0) >= 0, (retryLimit ?? 0) >= 0 else {
            throw ValidationError("--validator.test-timeout must be positive; delays, intervals and limits must not be negative")
        }
        if let subnetConfigURL, !(subnetConfigURL.hasPrefix("http://") || subnetConfigURL.hasPrefix("https://")) {
            throw ValidationError("--validator.subnet-config-url: must be an http:// or https:// URL")
        }
        for (flag, n) in [("--validator.benchmark-n", benchmarkN), ("--validator.compute-n", computeN)] {
            if let n, !(32...65_536).contains(n) { throw ValidationError("\(flag): must be 32…65536") }
        }
    }

    func run() async throws {
        let wallet = try wallet.wallet()
        let hotkey = try wallet.hotkeyFile.keypair(password: PasswordPrompt.existing(for: wallet.hotkeyFile))
        let yaml: String
        do { yaml = try String(contentsOfFile: configPath, encoding: .utf8) } catch {
            throw CLIError("--config: cannot read \(configPath): \(error.localizedDescription)")
        }
        let pogConfig = try PoGConfig(yaml: yaml)
        let subnetConfig = try SubnetConfig(yaml: yaml, devnet: devnet)
        let directory = stateDirectory ?? HomeDirectory.nicompute("validator/\(self.wallet.name)/\(self.wallet.hotkey)")
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // Commits made before a restart are revealed after it; a damaged journal is named now.
        let revealJournal = RevealJournal(path: "\(directory)/pending-reveals.json")
        do { try revealJournal.check() } catch { throw CLIError("\(error)") }
        let subnetChain = try chain.subnetChain(signer: hotkey, revealJournal: revealJournal)
        var blacklist = Set(Console.list(blacklistHotkeys))
        if blacklistExploiters { blacklist.formUnion(ExploiterHotkeys.reference) }
        let filter = QueryableFilter(
            blacklistedHotkeys: blacklist, blacklistedColdkeys: Set(Console.list(blacklistColdkeys)),
            minimumVersion: ComputeVersion.minimalMiner, oneUIDPerIP: oneUIDPerIP && !devnet, ownHotkey: hotkey.ss58Address)
        let settings = PoGSettings(
            config: pogConfig, devnet: devnet, benchmarkN: benchmarkN, computeN: computeN,
            testTimeout: .seconds(testTimeout), commandTimeout: .seconds(testTimeout))
        let configuration = ValidatorConfiguration(
            netuid: chain.netuid, metricsHost: metricsHost, metricsPort: metricsPort, storePath: "\(directory)/validator.sqlite",
            workerPath: workerPath, pog: settings, pogIntervalBlocks: pogInterval, weightsIntervalBlocks: weightsInterval,
            maximumRandomDelay: .seconds(maximumDelay ?? pogConfig.merkle.maxRandomDelay), maximumConcurrentTests: maximumWorkers,
            retryLimit: retryLimit ?? pogConfig.merkle.retryLimit, retryInterval: .seconds(retryInterval ?? pogConfig.merkle.retryInterval),
            filter: filter, penalizedHotkeys: Set(Console.list(penalizedHotkeys)), burn: burn,
            subnetConfig: subnetConfig, subnetConfigURL: subnetConfigURL, blockSeconds: (subnetChain as? LocalChain)?.blockSeconds ?? 12)
        let service = ValidatorService(configuration: configuration, hotkey: hotkey, chain: subnetChain)
        Console.say("validator \(hotkey.ss58Address): store \(directory)/validator.sqlite, worker \(workerPath)")
        try await Console.runUntilSignal("validator") {
            try await service.run { port in Console.say("validator: metrics on port \(port)") }
        }
    }
}
