import ArgumentParser
import BittensorCrypto

struct NewHotkeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new-hotkey",
        abstract: "Add a new hotkey (--wallet.hotkey) to a wallet, stored unencrypted like btcli's."
    )

    @OptionGroup var wallet: WalletOptions

    @OptionGroup var length: MnemonicLengthOption

    @Flag(help: "Replace an existing hotkey of this name.")
    var overwrite = false

    func run() throws {
        let wallet = try wallet.wallet()
        let mnemonic = try length.generate()
        let hotkey = Keypair(mnemonic: mnemonic)
        try wallet.writeHotkey(hotkey, overwrite: overwrite)
        MnemonicNotice.show(mnemonic, for: "hotkey", regenerate: "regen-hotkey")
        print("Created hotkey '\(wallet.hotkeyName)' of wallet '\(wallet.name)': \(hotkey.ss58Address)")
    }
}
