import ArgumentParser

/// The `nicompute` command: every NI Compute role and tool in one executable.
@main
struct NICompute: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "nicompute",
        abstract: "NI Compute (Bittensor subnet 27): a decentralized GPU compute market.",
        discussion: """
            The whole network on this machine first: `nicompute devnet` (or `make devnet`). \
            Keys: `nicompute wallet create` makes a coldkey (encrypted) and a hotkey, \
            laid out exactly as bittensor-wallet and btcli do, so existing wallets work as they are.
            """,
        version: version,
        subcommands: [
            DevnetCommand.self, WalletCommand.self, SubnetCommand.self, MinerCommand.self, ValidatorCommand.self, APICommand.self,
            RentCommand.self, QueryCommand.self,
        ]
    )
}
