/// A BIP-39 English mnemonic and its entropy.
///
/// Deliberately not `CustomStringConvertible`: a secret must not end up in a log by accident.
///
/// Substrate (and so Bittensor) derives keys from the mnemonic's *entropy*, not from the
/// standard BIP-39 seed of the sentence: see ``miniSecretKey(password:)``.
public struct Mnemonic: Sendable, Equatable {
    /// The words, lower case, in order.
    public let words: [String]
    /// The entropy the words encode (16 to 32 bytes).
    public let entropy: [UInt8]

    /// Word counts BIP-39 defines.
    public static let allowedWordCounts = [12, 15, 18, 21, 24]

    private static let index: [String: Int] = {
        var map = [String: Int](minimumCapacity: 2048)
        for (position, word) in BIP39EnglishWordlist.words.enumerated() { map[word] = position }
        return map
    }()

    /// Parses and checks `phrase`: words separated by whitespace, case-insensitive.
    public init(phrase: String) throws(MnemonicError) {
        let words = phrase.split(whereSeparator: \.isWhitespace).map { $0.lowercased() }
        guard Self.allowedWordCounts.contains(words.count) else { throw .wrongWordCount(words.count) }
        var bits = [Bool]()
        bits.reserveCapacity(words.count * 11)
        for (position, word) in words.enumerated() {
            guard let value = Self.index[word] else { throw .unknownWord(word, position: position + 1) }
            for shift in stride(from: 10, through: 0, by: -1) { bits.append((value >> shift) & 1 == 1) }
        }
        let checksumBits = words.count / 3
        let entropyBits = bits.count - checksumBits
        var entropy = [UInt8](repeating: 0, count: entropyBits / 8)
        for bit in 0..<entropyBits where bits[bit] { entropy[bit / 8] |= 0x80 >> UInt8(bit % 8) }
        guard Array(bits[entropyBits...]) == Self.checksumBits(of: entropy) else { throw .badChecksum }
        self.words = words
        self.entropy = entropy
    }

    /// The mnemonic that encodes `entropy` (16, 20, 24, 28 or 32 bytes).
    public init(entropy: [UInt8]) throws(MnemonicError) {
        guard [16, 20, 24, 28, 32].contains(entropy.count) else { throw .unsupportedEntropyLength(entropy.count) }
        var bits = [Bool]()
        for byte in entropy {
            for shift in stride(from: 7, through: 0, by: -1) { bits.append((byte >> UInt8(shift)) & 1 == 1) }
        }
        bits += Self.checksumBits(of: entropy)
        var words = [String]()
        for start in stride(from: 0, to: bits.count, by: 11) {
            let value = bits[start..<start + 11].reduce(0) { $0 << 1 | ($1 ? 1 : 0) }
            words.append(BIP39EnglishWordlist.words[value])
        }
        self.words = words
        self.entropy = entropy
    }

    /// A new mnemonic of `wordCount` words from the operating system's CSPRNG.
    public static func generate(wordCount: Int = 12) throws(MnemonicError) -> Mnemonic {
        guard allowedWordCounts.contains(wordCount) else { throw .wrongWordCount(wordCount) }
        return try Mnemonic(entropy: Sodium.randomBytes(wordCount * 4 / 3))
    }

    /// The phrase: the words joined by single spaces.
    public var phrase: String { words.joined(separator: " ") }

    /// substrate-bip39's mini-secret: PBKDF2-HMAC-SHA512 with the *entropy* as the password,
    /// salt "mnemonic" ‖ `password`, 2048 rounds, first 32 bytes. (Bittensor uses no password.)
    public func miniSecretKey(password: String = "") -> MiniSecretKey {
        let seed = SodiumHashes.pbkdf2SHA512(
            password: entropy, salt: Array("mnemonic".utf8) + Array(password.utf8), iterations: 2048
        )
        return MiniSecretKey(validated: Array(seed.prefix(32)))
    }

    private static func checksumBits(of entropy: [UInt8]) -> [Bool] {
        let hash = SodiumHashes.sha256(entropy)
        return (0..<(entropy.count * 8 / 32)).map { bit in (hash[bit / 8] >> UInt8(7 - bit % 8)) & 1 == 1 }
    }
}
