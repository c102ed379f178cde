import ArgumentParser
import Subtensor

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

    var isLocal: Bool { chainEndpoint == nil && network == "local" }

    func validate() throws {
        guard netuid >= 0, netuid <= 65_535 else { throw ValidationError("--netuid: must be 0…65535") }
        guard blockSeconds > 0 else { throw ValidationError("--local.block-seconds: must be positive") }
    }

    /// The local chain, or an error saying what this build can do with remote networks.
    func localChain() throws -> LocalChain {
        guard isLocal else {
            throw CLIError("\(chainEndpoint ?? network): talking to a real subtensor is not built yet (issue 9, SubtensorClient); use --subtensor.network local")
        }
        return try LocalChain(path: localPath ?? LocalChain.defaultPath, blockSeconds: blockSeconds)
    }
}
