import ArgumentParser
import BittensorCrypto

struct CreateWalletCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a new wallet: a coldkey (encrypted unless --no-password) and a hotkey.",
        discussion: """
            Each key gets its own new mnemonic, printed once. The coldkey's password is asked \
            at the terminal, or taken from its BT_PW_… environment variable (bittensor-wallet's rule).
            """
    )

    @OptionGroup var wallet: WalletOptions

    @OptionGroup var length: MnemonicLengthOption

    @Flag(name: .customLong("no-password"), help: "Store the coldkey unencrypted (not recommended).")
    var noPassword = false

    @Flag(help: "Replace an existing coldkey or hotkey of this name.")
    var overwrite = false

    func run() throws {
        let wallet = try wallet.wallet()
        if !overwrite, let existing = [wallet.coldkeyFile, wallet.hotkeyFile].first(where: \.exists) {
            throw KeyfileError.alreadyExists(path: existing.path)
        }
        let coldMnemonic = try length.generate()
        let hotMnemonic = try length.generate()
        let password = noPassword ? nil : try PasswordPrompt.new(for: wallet.coldkeyFile)
        let coldkey = Keypair(mnemonic: coldMnemonic)
        let hotkey = Keypair(mnemonic: hotMnemonic)
        try wallet.write(coldkey: coldkey, coldkeyPassword: password, hotkey: hotkey, overwrite: overwrite)
        MnemonicNotice.show(coldMnemonic, for: "coldkey", regenerate: "regen-coldkey")
        MnemonicNotice.show(hotMnemonic, for: "hotkey", regenerate: "regen-hotkey")
        print("Created wallet '\(wallet.name)' in \(wallet.root)")
        print("  coldkey  \(coldkey.ss58Address)\(password == nil ? "  (unencrypted)" : "")")
        print("  hotkey   \(wallet.hotkeyName)  \(hotkey.ss58Address)")
    }
}
