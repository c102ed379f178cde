import Foundation
import HexCoding

/// The JSON inside a keyfile, compatible with bittensor-wallet 3.x/4.x and bittensor-core.
///
/// Keys may come in any order (bittensor-wallet writes them from a hash map). Loading follows
/// bittensor-wallet's priority: `secretPhrase`, then `secretSeed`, then `privateKey`, then
/// `ss58Address` (public only). Unlike bittensor-wallet, a stored `ss58Address` that does not
/// belong to the stored secret is an error rather than silently ignored.
public enum KeyfileContents {
    private struct Fields: Codable {
        var accountId: String?
        var publicKey: String?
        var privateKey: String?
        var secretPhrase: String?
        var secretSeed: String?
        var ss58Address: String?
        /// bittensor-core before 0.1 wrote the address under a key with a leading space.
        var legacySS58Address: String?

        enum CodingKeys: String, CodingKey {
            case accountId, publicKey, privateKey, secretPhrase, secretSeed, ss58Address
            case legacySS58Address = " ss58Address"
        }
    }

    /// The JSON bittensor-wallet writes for `keypair`; `publicOnly` gives the `…pub.txt` form.
    public static func encode(_ keypair: Keypair, publicOnly: Bool = false) -> [UInt8] {
        let publicHex = "0x" + Hex.encode(keypair.publicKey.bytes)
        var fields = Fields(accountId: publicHex, publicKey: publicHex, ss58Address: keypair.ss58Address)
        if !publicOnly {
            fields.privateKey = keypair.secretKey.map { "0x" + Hex.encode($0.bytes) }
            fields.secretSeed = keypair.miniSecretKey.map { "0x" + Hex.encode($0.bytes) }
            fields.secretPhrase = keypair.mnemonic?.phrase
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a struct of optional strings cannot fail.
        return Array((try? encoder.encode(fields)) ?? Data())
    }

    /// The keypair in a keyfile's JSON; `path` labels errors.
    public static func decode(_ data: [UInt8], path: String) throws(KeyfileError) -> Keypair {
        let fields: Fields
        do {
            fields = try JSONDecoder().decode(Fields.self, from: Data(data))
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let field = context.codingPath.last?.stringValue ?? "?"
            throw .invalidField(path: path, field: field, reason: "must be a string")
        } catch {
            throw .malformedJSON(path: path, reason: "expected a JSON object with string fields")
        }
        let keypair = try keypair(from: fields, path: path)
        if let stored = fields.ss58Address ?? fields.legacySS58Address, keypair.hasSecret, stored != keypair.ss58Address {
            throw .addressMismatch(path: path, stored: stored, derived: keypair.ss58Address)
        }
        return keypair
    }

    private static func keypair(from fields: Fields, path: String) throws(KeyfileError) -> Keypair {
        if let phrase = fields.secretPhrase {
            do { return Keypair(mnemonic: try Mnemonic(phrase: phrase)) } catch {
                throw .invalidField(path: path, field: "secretPhrase", reason: error.description)
            }
        }
        if let seedHex = fields.secretSeed {
            let seed = try hexField(seedHex, name: "secretSeed", path: path)
            do { return Keypair(miniSecretKey: try MiniSecretKey(bytes: seed)) } catch {
                throw .invalidField(path: path, field: "secretSeed", reason: "must be 32 bytes, has \(seed.count)")
            }
        }
        if let privateHex = fields.privateKey {
            let secret = try hexField(privateHex, name: "privateKey", path: path)
            do { return Keypair(secretKey: try SecretKey(bytes: secret)) } catch {
                throw .invalidField(path: path, field: "privateKey", reason: error.description)
            }
        }
        if let address = fields.ss58Address ?? fields.legacySS58Address {
            do { return Keypair(publicKey: try PublicKey(ss58Address: address)) } catch {
                throw .invalidField(path: path, field: "ss58Address", reason: error.description)
            }
        }
        throw .noKeyMaterial(path: path)
    }

    private static func hexField(_ text: String, name: String, path: String) throws(KeyfileError) -> [UInt8] {
        guard let bytes = Hex.decode(text) else {
            throw .invalidField(path: path, field: name, reason: "is not hexadecimal (0x followed by hex digits)")
        }
        return bytes
    }
}
