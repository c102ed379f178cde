/// Why a phrase is not a valid BIP-39 English mnemonic.
public enum MnemonicError: Error, Equatable, Sendable, CustomStringConvertible {
    case wrongWordCount(Int)
    case unknownWord(String, position: Int)
    case badChecksum
    case unsupportedEntropyLength(Int)

    public var description: String {
        switch self {
        case let .wrongWordCount(count):
            "mnemonic: has \(count) words; a mnemonic has 12, 15, 18, 21 or 24 words"
        case let .unknownWord(word, position):
            "mnemonic: word \(position) '\(word)' is not in the BIP-39 English wordlist"
        case .badChecksum:
            "mnemonic: checksum does not match (a word is wrong or the words are out of order)"
        case let .unsupportedEntropyLength(length):
            "mnemonic: entropy of \(length) bytes; it must be 16, 20, 24, 28 or 32 bytes"
        }
    }
}
