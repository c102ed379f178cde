import ArgumentParser
import BittensorCrypto

/// The wallet-selection flags every command shares, named as in btcli and the reference.
struct WalletOptions: ParsableArguments {
    @Option(name: .customLong("wallet.name"), help: "The wallet's name (a folder under --wallet.path).")
    var name: String = Wallet.defaultName

    @Option(name: .customLong("wallet.hotkey"), help: "The hotkey's name within the wallet.")
    var hotkey: String = Wallet.defaultHotkey

    @Option(
        name: .customLong("wallet.path"),
        help: "The folder holding all wallets (default: $BT_WALLET_PATH, else ~/.bittensor/wallets)."
    )
    var path: String?

    func wallet() throws -> Wallet {
        try Wallet(name: name, hotkey: hotkey, path: path)
    }
}
