import ArgumentParser
import BittensorCrypto
import HostPaths
import Subtensor
#if canImport(Glibc)
    import Glibc
#endif

/// Which chain a command talks to, with the reference's flag names.
struct ChainOptions: ParsableArguments {
    @Option(name: .customLong("subtensor.network"), help: "local (the embedded chain), finney, test, or a ws:// / wss:// endpoint.")
    var network = "local"

    @Option(name: .customLong("subtensor.chain_endpoint"), help: "A custom endpoint; overrides --subtensor.network.")
    var chainEndpoint: String?

    @Option(name: .customLong("netuid"), help: "The subnet (NI Compute is 27).")
    var netuid = 27

    @Option(name: .customLong("local.path"), help: "The local chain's file (default ~/.nicompute/devnet/chain.sqlite).")
    var localPath: String?

    @Option(name: .customLong("local.block-seconds"), help: "Block time of a newly created local chain.")
    var blockSeconds = 12.0

    @Option(name: .customLong("local.tempo"), help: "Tempo (blocks per epoch) of a subnet the local chain creates.")
    var tempo = 360

    @Flag(
        name: .customLong("local.commit-reveal"), inversion: .prefixedNo,
        help: "Whether a subnet the local chain creates takes weights through timelocked commit-reveal, as every live subnet does.")
    var commitReveal = true

    /// What a subnet made by this command gets; an existing subnet keeps its own.
    var localParameters: LocalChainParameters {
        var parameters = LocalChainParameters()
        parameters.tempo = tempo
        parameters.commitRevealEnabled = commitReveal
        return parameters
    }

    var isLocal: Bool { chainEndpoint == nil && network == "local" }

    func validate() throws {
        guard netuid >= 0, netuid <= 65_535 else { throw ValidationError("--netuid: must be 0…65535") }
        guard blockSeconds > 0, blockSeconds <= 3_600 else {
            throw ValidationError("--local.block-seconds: must be positive, at most 3600")
        }
        guard (1...50_400).contains(tempo) else { throw ValidationError("--local.tempo: must be 1…50400 blocks") }
    }

    /// The local chain; an error on other networks (for the commands that only exist locally).
    func localChain() throws -> LocalChain {
        guard isLocal else {
            throw CLIError("\(chainEndpoint ?? network): this command works on the local chain only (--subtensor.network local)")
        }
        guard let localPath else {
            // The default chain is the devnet's: made by `nicompute devnet`, never by the first
            // command that happens to look for it (it would hold no subnet, and the devnet would
            // later adopt it as its own).
            let path = LocalChain.defaultPath
            guard access(path, F_OK) == 0 else {
                throw CLIError(
                    """
                    no local chain at \(path): start the devnet first (`make devnet`, or `nicompute devnet`), \
                    which makes it and subnet 27, or give --local.path FILE to use (or make) another chain
                    """)
            }
            return try LocalChain(path: path, blockSeconds: blockSeconds, parameters: localParameters)
        }
        return try LocalChain(path: HomeDirectory.absolute(localPath), blockSeconds: blockSeconds, parameters: localParameters)
    }

    /// The real chain's client for `finney`, `test` or a ws:// / wss:// endpoint, signing with
    /// `signer` (a hotkey) where transactions are needed.
    func remoteClient(signer: Keypair? = nil, revealJournal: RevealJournal? = nil) throws -> SubtensorClient {
        guard let endpoint = SubtensorClient.endpoint(network: network, chainEndpoint: chainEndpoint) else {
            throw CLIError("--subtensor.network \(network): expected local, finney, test or a ws:// / wss:// endpoint")
        }
        do {
            return try SubtensorClient(configuration: .init(endpoint: endpoint), signer: signer, revealJournal: revealJournal)
        } catch {
            throw CLIError("\(error)")
        }
    }

    /// The chain the options name: the embedded local chain, or the real one through
    /// ``SubtensorClient`` signing with `signer` and keeping hash commits in `revealJournal`.
    func subnetChain(signer: Keypair? = nil, revealJournal: RevealJournal? = nil) throws -> any SubnetChain {
        isLocal ? try localChain() : try remoteClient(signer: signer, revealJournal: revealJournal)
    }
}
