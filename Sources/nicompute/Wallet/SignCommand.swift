import ArgumentParser
import BittensorCrypto
import HexCoding

struct SignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a message with the hotkey (or the coldkey) and print the signature as hex.",
        discussion: "The message's UTF-8 bytes are signed as they are (sr25519, signing context 'substrate')."
    )

    @OptionGroup var wallet: WalletOptions

    @Option(help: "The message to sign.")
    var message: String

    @Flag(name: .customLong("use-coldkey"), help: "Sign with the coldkey instead of the hotkey.")
    var useColdkey = false

    func run() throws {
        let wallet = try wallet.wallet()
        let keyfile = useColdkey ? wallet.coldkeyFile : wallet.hotkeyFile
        let keypair = try keyfile.keypair(password: PasswordPrompt.existing(for: keyfile))
        print(Hex.encode(try keypair.sign(Array(message.utf8))))
    }
}
