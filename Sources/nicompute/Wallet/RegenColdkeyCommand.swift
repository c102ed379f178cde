import ArgumentParser
import BittensorCrypto

struct RegenColdkeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regen-coldkey",
        abstract: "Restore a coldkey from its mnemonic or seed (encrypted unless --no-password)."
    )

    @OptionGroup var wallet: WalletOptions
    @OptionGroup var source: KeySourceOptions

    @Flag(name: .customLong("no-password"), help: "Store the coldkey unencrypted (not recommended).")
    var noPassword = false

    @Flag(help: "Replace an existing coldkey.")
    var overwrite = false

    func run() throws {
        let wallet = try wallet.wallet()
        if !overwrite, wallet.coldkeyFile.exists { throw KeyfileError.alreadyExists(path: wallet.coldkeyFile.path) }
        let coldkey = try source.keypair()
        let password = noPassword ? nil : try PasswordPrompt.new(for: wallet.coldkeyFile)
        try wallet.writeColdkey(coldkey, password: password, overwrite: overwrite)
        print("Restored coldkey of wallet '\(wallet.name)': \(coldkey.ss58Address)")
    }
}
