import ArgumentParser
import BittensorCrypto

struct ShowWalletCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a wallet's coldkey and selected hotkey addresses (no password needed)."
    )

    @OptionGroup var wallet: WalletOptions

    func run() throws {
        let wallet = try wallet.wallet()
        print("wallet   \(wallet.name)  (\(wallet.directory))")
        print("coldkey  \(try wallet.coldkeyPublic().ss58Address)")
        if wallet.hotkeyFile.exists || wallet.hotkeypubFile.exists {
            let hotkey = try wallet.hotkeyPublic(password: PasswordPrompt.existing(for: wallet.hotkeyFile))
            print("hotkey   \(wallet.hotkeyName)  \(hotkey.ss58Address)")
        } else {
            print("hotkey   \(wallet.hotkeyName)  (none; create it with: nicompute wallet new-hotkey --wallet.hotkey \(wallet.hotkeyName))")
        }
    }
}
