import ArgumentParser
import BittensorCrypto
import HexCoding

/// Where `regen-coldkey` and `regen-hotkey` take the key from.
struct KeySourceOptions: ParsableArguments {
    @Option(help: "The mnemonic (12–24 words, quoted). Asked at the terminal when neither --mnemonic nor --seed is given.")
    var mnemonic: String?

    @Option(help: "The 32-byte seed (secretSeed) or 64-byte private key as 0x-prefixed hex.")
    var seed: String?

    func validate() throws {
        if mnemonic != nil && seed != nil { throw ValidationError("give either --mnemonic or --seed, not both") }
    }

    func keypair() throws -> Keypair {
        if let seed {
            guard let bytes = Hex.decode(seed) else { throw ValidationError("--seed: is not hexadecimal (0x followed by hex digits)") }
            return try Keypair(seed: bytes)
        }
        guard let phrase = mnemonic ?? PasswordPrompt.ask("Enter the mnemonic: ") else {
            throw ValidationError("give --mnemonic or --seed (no terminal to ask for a mnemonic)")
        }
        return Keypair(mnemonic: try Mnemonic(phrase: phrase))
    }
}
