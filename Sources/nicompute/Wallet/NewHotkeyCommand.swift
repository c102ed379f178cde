import ArgumentParser
import BittensorCrypto

struct NewHotkeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new-hotkey",
        abstract: "Add a new hotkey (--wallet.hotkey) to a wallet, stored unencrypted like btcli's."
    )

    @OptionGroup var wallet: WalletOptions

    @Option(name: .customLong("n-words"), help: "Words in the new mnemonic: 12, 15, 18, 21 or 24.")
    var wordCount = 12

    @Flag(help: "Replace an existing hotkey of this name.")
    var overwrite = false

    func validate() throws {
        guard Mnemonic.allowedWordCounts.contains(wordCount) else {
            throw ValidationError("--n-words: must be 12, 15, 18, 21 or 24")
        }
    }

    func run() throws {
        let wallet = try wallet.wallet()
        let mnemonic = try Mnemonic.generate(wordCount: wordCount)
        let hotkey = Keypair(mnemonic: mnemonic)
        try wallet.writeHotkey(hotkey, overwrite: overwrite)
        MnemonicNotice.show(mnemonic, for: "hotkey", regenerate: "regen-hotkey")
        print("Created hotkey '\(wallet.hotkeyName)' of wallet '\(wallet.name)': \(hotkey.ss58Address)")
    }
}
