import ArgumentParser
import BittensorCrypto

struct RegenHotkeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regen-hotkey",
        abstract: "Restore a hotkey (--wallet.hotkey) from its mnemonic or seed."
    )

    @OptionGroup var wallet: WalletOptions
    @OptionGroup var source: KeySourceOptions

    @Flag(help: "Replace an existing hotkey of this name.")
    var overwrite = false

    func run() throws {
        let wallet = try wallet.wallet()
        if !overwrite, wallet.hotkeyFile.exists { throw KeyfileError.alreadyExists(path: wallet.hotkeyFile.path) }
        let hotkey = try source.keypair()
        try wallet.writeHotkey(hotkey, overwrite: overwrite)
        print("Restored hotkey '\(wallet.hotkeyName)' of wallet '\(wallet.name)': \(hotkey.ss58Address)")
    }
}
