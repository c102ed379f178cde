import ArgumentParser

/// `nicompute wallet …`: Bittensor keys, with btcli's meaning.
struct WalletCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wallet",
        abstract: "Create, restore, inspect and use Bittensor wallets (compatible with btcli).",
        discussion: """
            A wallet is a coldkey (holds funds, encrypted on disk) and one or more hotkeys (used \
            by miners and validators to sign, plaintext on disk). The files are bittensor-wallet's \
            own format: wallets made by btcli load here and the other way round.
            """,
        subcommands: [
            CreateWalletCommand.self, NewHotkeyCommand.self,
            RegenColdkeyCommand.self, RegenHotkeyCommand.self,
            ListWalletsCommand.self, ShowWalletCommand.self,
            SignCommand.self, VerifyCommand.self,
        ]
    )
}
