import HexCoding

/// A Bittensor sr25519 keypair, as bittensor-wallet's `Keypair`: a public key and, unless it
/// was loaded from a public-only keyfile, the secret key and the material it came from.
public struct Keypair: Sendable {
    /// The public key (account id).
    public let publicKey: PublicKey
    /// The expanded secret key; nil for a public-only keypair.
    public let secretKey: SecretKey?
    /// The 32-byte seed, when the keypair came from a mnemonic, seed or secret URI.
    public let miniSecretKey: MiniSecretKey?
    /// The mnemonic, when the keypair came from one.
    public let mnemonic: Mnemonic?

    /// The SS58 address (prefix 42), computed once: signing paths ask for it on every call.
    public let ss58Address: String

    /// True when the keypair can sign.
    public var hasSecret: Bool { secretKey != nil }

    /// A keypair from a mnemonic, as sp-core's `Pair::from_phrase` with no password.
    public init(mnemonic: Mnemonic) {
        self.init(miniSecretKey: mnemonic.miniSecretKey(), mnemonic: mnemonic)
    }

    /// A keypair from a seed: 32 bytes are a mini secret, 64 bytes `key ‖ nonce` (sp-core's
    /// `from_seed_slice`).
    public init(seed: [UInt8]) throws(KeyError) {
        switch seed.count {
        case 32: self.init(miniSecretKey: MiniSecretKey(validated: seed), mnemonic: nil)
        case 64: self.init(secretKey: try SecretKey(bytes: seed))
        default: throw .invalidLength(field: "seed", expected: [32, 64], actual: seed.count)
        }
    }

    /// A keypair from an expanded secret key (a keyfile's `privateKey`).
    public init(secretKey: SecretKey) {
        self.publicKey = secretKey.publicKey
        self.ss58Address = publicKey.ss58Address
        self.secretKey = secretKey
        self.miniSecretKey = nil
        self.mnemonic = nil
    }

    /// A keypair from a mini secret key.
    public init(miniSecretKey: MiniSecretKey, mnemonic: Mnemonic? = nil) {
        let secret = miniSecretKey.expand()
        self.publicKey = secret.publicKey
        self.ss58Address = publicKey.ss58Address
        self.secretKey = secret
        self.miniSecretKey = miniSecretKey
        self.mnemonic = mnemonic
    }

    /// A public-only keypair, which verifies but cannot sign.
    public init(publicKey: PublicKey) {
        self.publicKey = publicKey
        self.ss58Address = publicKey.ss58Address
        self.secretKey = nil
        self.miniSecretKey = nil
        self.mnemonic = nil
    }

    /// A keypair from a secret URI such as `//Alice` (sp-core `Pair::from_string`).
    public init(uri: String) throws {
        let parsed = try SecretURI(uri)
        var mini: MiniSecretKey
        var mnemonic: Mnemonic?
        if parsed.phrase.hasPrefix("0x") {
            guard let seed = Hex.decode(parsed.phrase) else { throw KeyError.invalidHex(field: "secret URI seed") }
            guard seed.count == 32 else { throw KeyError.invalidLength(field: "secret URI seed", expected: [32], actual: seed.count) }
            mini = MiniSecretKey(validated: seed)
        } else {
            let phrase = try Mnemonic(phrase: parsed.phrase)
            mini = phrase.miniSecretKey(password: parsed.password ?? "")
            mnemonic = parsed.hardJunctions.isEmpty ? phrase : nil
        }
        for junction in parsed.hardJunctions {
            mini = mini.expand().hardDerive(chainCode: SecretURI.chainCode(junction: junction))
        }
        self.init(miniSecretKey: mini, mnemonic: mnemonic)
    }

    /// Signs `message` (raw bytes, no wrapping) under the `substrate` context.
    public func sign(_ message: [UInt8]) throws(KeyError) -> [UInt8] {
        guard let secretKey else { throw .noSecretKey }
        return secretKey.sign(message, publicKey: publicKey)
    }

    /// Verifies like bittensor-wallet's `Keypair.verify`: the raw message first, then the
    /// message wrapped in `<Bytes>…</Bytes>` as polkadot.js extensions sign it.
    public func verify(_ message: [UInt8], signature: [UInt8]) -> Bool {
        publicKey.verifyLikeWallet(message, signature: signature)
    }
}
