/// A Substrate secret URI such as `//Alice`, `<mnemonic>//hard//0` or `0x<seed>//x///password`.
///
/// The phrase defaults to Substrate's development phrase, so `//Alice` is the well-known dev
/// account of local chains. Only hard junctions are supported; soft ones (`/x`) are refused
/// with a clear error rather than silently ignored.
public struct SecretURI: Sendable, Equatable {
    /// Substrate's development phrase (sp-core `DEV_PHRASE`).
    public static let developmentPhrase = "bottom drive obey lake curtain smoke basket hold race lonely fit walk"

    /// The mnemonic phrase or `0x`-prefixed seed.
    public let phrase: String
    /// The hard junctions, in order, as written (without the `//`).
    public let hardJunctions: [String]
    /// The BIP-39 password (after `///`), if any.
    public let password: String?

    public init(_ uri: String) throws(KeyError) {
        var rest = Substring(uri.trimmingWhitespace())
        var password: String?
        if let range = rest.firstRange(of: "///") {
            password = String(rest[range.upperBound...])
            rest = rest[..<range.lowerBound]
        }
        let phraseEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        let phrase = rest[..<phraseEnd].trimmingWhitespace()
        var junctions = [String]()
        var path = rest[phraseEnd...]
        while !path.isEmpty {
            guard path.hasPrefix("//") else {
                throw .invalidSecretURI(
                    "soft derivation ('/\(path.dropFirst().prefix { $0 != "/" })') is not supported; use a hard junction ('//name')")
            }
            path = path.dropFirst(2)
            let name = path.prefix { $0 != "/" }
            guard !name.isEmpty else { throw .invalidSecretURI("a junction after '//' is empty") }
            junctions.append(String(name))
            path = path.dropFirst(name.count)
        }
        self.phrase = phrase.isEmpty ? Self.developmentPhrase : String(phrase)
        self.hardJunctions = junctions
        self.password = password
    }

    /// The chain code of a junction, as sp-core's `DeriveJunction`: a number is its u64
    /// little-endian bytes, anything else its SCALE-encoded string; zero-padded to 32 bytes,
    /// or BLAKE2b-256 hashed when longer.
    static func chainCode(junction: String) -> [UInt8] {
        let encoded: [UInt8]
        if let number = UInt64(junction) {
            encoded = (0..<8).map { UInt8(truncatingIfNeeded: number >> (8 * $0)) }
        } else {
            let utf8 = Array(junction.utf8)
            encoded = compactLength(utf8.count) + utf8
        }
        if encoded.count > 32 { return SodiumHashes.blake2b(encoded, outputLength: 32) }
        return encoded + [UInt8](repeating: 0, count: 32 - encoded.count)
    }

    /// SCALE compact encoding of a length (single-, two- and four-byte modes).
    private static func compactLength(_ length: Int) -> [UInt8] {
        switch length {
        case ..<64: [UInt8(length << 2)]
        case ..<(1 << 14): [UInt8(truncatingIfNeeded: length << 2 | 1), UInt8(truncatingIfNeeded: length >> 6)]
        default: (0..<4).map { UInt8(truncatingIfNeeded: (length << 2 | 2) >> (8 * $0)) }
        }
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> Substring {
        let trimmedStart = drop { $0.isWhitespace }
        var end = trimmedStart.endIndex
        while end > trimmedStart.startIndex, trimmedStart[trimmedStart.index(before: end)].isWhitespace {
            end = trimmedStart.index(before: end)
        }
        return Substring(trimmedStart[..<end])
    }
}
