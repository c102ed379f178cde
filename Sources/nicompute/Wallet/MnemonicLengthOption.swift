import ArgumentParser
import BittensorCrypto

/// `--n-words`: the length of a newly generated mnemonic, as btcli's option of that name.
struct MnemonicLengthOption: ParsableArguments {
    @Option(name: .customLong("n-words"), help: "Words in each new mnemonic: 12, 15, 18, 21 or 24.")
    var wordCount = 12

    func validate() throws {
        guard Mnemonic.allowedWordCounts.contains(wordCount) else {
            throw ValidationError("--n-words: must be 12, 15, 18, 21 or 24")
        }
    }

    func generate() throws -> Mnemonic {
        try Mnemonic.generate(wordCount: wordCount)
    }
}
