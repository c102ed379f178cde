import Testing
@testable import BittensorCrypto

@Suite("BIP-39 mnemonics")
struct MnemonicTests {
    @Test("the embedded wordlist is the fixture's, word for word")
    func wordlistMatchesFixture() throws {
        let fixture = try String(contentsOfFile: FixturePaths.shared + "/fixtures/bip39-english.txt", encoding: .utf8)
        #expect(BIP39EnglishWordlist.words == fixture.split(whereSeparator: \.isNewline).map(String.init))
        #expect(Set(BIP39EnglishWordlist.words).count == 2048)
    }

    @Test("generated mnemonics of every size round-trip", arguments: Mnemonic.allowedWordCounts)
    func generate(wordCount: Int) throws {
        let mnemonic = try Mnemonic.generate(wordCount: wordCount)
        #expect(mnemonic.words.count == wordCount)
        #expect(mnemonic.entropy.count == wordCount * 4 / 3)
        #expect(try Mnemonic(phrase: mnemonic.phrase) == mnemonic)
        #expect(try Mnemonic.generate(wordCount: wordCount) != mnemonic)
    }

    @Test("BIP-39 reference vectors: entropy ↔ words")
    func referenceVectors() throws {
        let allOnes = try Mnemonic(entropy: [UInt8](repeating: 0xFF, count: 32))
        #expect(allOnes.phrase == Array(repeating: "zoo", count: 23).joined(separator: " ") + " vote")
        let sevenF = try Mnemonic(entropy: [UInt8](repeating: 0x7F, count: 16))
        #expect(sevenF.phrase == "legal winner thank year wave sausage worth useful legal winner thank yellow")
    }

    @Test("whitespace and case are forgiven")
    func normalisation() throws {
        let messy = "  Bottom drive OBEY lake\tcurtain smoke basket hold race lonely fit walk\n"
        #expect(try Mnemonic(phrase: messy).entropy == bytes(DevVectors.entropy))
    }

    @Test("bad input names the word or the rule")
    func badInput() {
        #expect(throws: MnemonicError.wrongWordCount(11)) {
            try Mnemonic(phrase: "bottom drive obey lake curtain smoke basket hold race lonely fit")
        }
        #expect(throws: MnemonicError.unknownWord("walkk", position: 12)) {
            try Mnemonic(phrase: "bottom drive obey lake curtain smoke basket hold race lonely fit walkk")
        }
        #expect(throws: MnemonicError.badChecksum) {
            try Mnemonic(phrase: "bottom drive obey lake curtain smoke basket hold race lonely walk fit")
        }
        #expect(throws: MnemonicError.wrongWordCount(13)) { try Mnemonic.generate(wordCount: 13) }
        #expect(throws: MnemonicError.unsupportedEntropyLength(17)) { try Mnemonic(entropy: [UInt8](repeating: 0, count: 17)) }
        #expect(MnemonicError.unknownWord("walkk", position: 12).description.contains("'walkk'"))
    }
}
