import ArgumentParser
import BittensorCrypto

struct ListWalletsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the wallets under --wallet.path with their coldkey and hotkey addresses."
    )

    @Option(
        name: .customLong("wallet.path"),
        help: "The folder holding all wallets (default: $BT_WALLET_PATH, else ~/.bittensor/wallets)."
    )
    var path: String?

    func run() throws {
        let root = Wallet.root(path: path)
        let wallets = WalletListing.scan(root: root)
        guard !wallets.isEmpty else {
            print("No wallets in \(root). Create one with: nicompute wallet create")
            return
        }
        print("Wallets in \(root)")
        for wallet in wallets {
            print("\(wallet.name)  coldkey \(wallet.coldkeyAddress ?? "(no public key file)")")
            for hotkey in wallet.hotkeys {
                print("  hotkey \(hotkey.name)  \(hotkey.ss58Address ?? "(encrypted)")")
            }
        }
    }
}
