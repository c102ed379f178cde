import Foundation
import Testing
@testable import BittensorCrypto
import HexCoding

@Suite("keyfiles")
struct KeyfileTests {
    static let naclVector =
        "244e41434c5dda8ad0768df242c231bedf02374f006f9035dc18e56731015497cd3652f7392c83a63c60b5c5482ded67"
        + "e28bd1f0cf3c58646e71af8bb0067b1496adcaa4f900d1ebee93f88c3e6d5cd78f46240d57facdd76c93c582aeacdb78df2525ac8cbec2722aa9f8efca2af0"

    @Test("decrypts the published NaCl keyfile vector; a wrong password is an error")
    func naclVectorDecrypts() throws {
        let plaintext = try KeyfileCipher.decrypt(bytes(Self.naclVector), password: "golden-test-password", path: "vector")
        #expect(String(decoding: plaintext, as: UTF8.self) == #"{"ss58Address":"5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"}"#)
        #expect(throws: KeyfileError.wrongPassword(path: "vector")) {
            try KeyfileCipher.decrypt(bytes(Self.naclVector), password: "golden-test-passwore", path: "vector")
        }
    }

    @Test("encrypt then decrypt round-trips with the NaCl layout")
    func naclRoundTrip() throws {
        let plaintext = Array("{\"x\":1}".utf8)
        let sealed = try KeyfileCipher.encrypt(plaintext, password: "pässwörd")
        #expect(sealed.count == 45 + plaintext.count)
        #expect(KeyfileCipher.format(of: sealed) == .nacl)
        #expect(try KeyfileCipher.decrypt(sealed, password: "pässwörd", path: "p") == plaintext)
        #expect(throws: KeyfileError.corruptCiphertext(path: "p")) {
            try KeyfileCipher.decrypt(Array(sealed.prefix(40)), password: "pässwörd", path: "p")
        }
    }

    @Test("legacy formats are recognised and refused with a clear message")
    func legacyFormats() throws {
        #expect(KeyfileCipher.format(of: Array("$ANSIBLE_VAULT;1.1;AES256\n3131".utf8)) == .ansibleVault)
        #expect(KeyfileCipher.format(of: Array("gAAAAABk".utf8)) == .legacyFernet)
        let error = KeyfileError.legacyFormat(path: "/w/coldkey", format: "Ansible Vault")
        #expect(error.description.contains("btcli wallet update"))
        let directory = try TemporaryDirectory()
        let path = directory.path + "/coldkey"
        try Data("$ANSIBLE_VAULT;1.1;AES256\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: KeyfileError.legacyFormat(path: path, format: "Ansible Vault")) { try Keyfile(path: path).keypair() }
    }

    @Test("JSON in any key order; priority phrase → seed → privateKey → address")
    func loadPriority() throws {
        let dev = try Keypair(uri: DevVectors.phrase)
        let alice = try Keypair(uri: "//Alice")
        // Each file mixes the DEV secret at the higher priority with Alice's lower-priority data.
        let phraseWins = #"{"privateKey":"0x\#(Hex.encode(alice.secretKey!.bytes))","secretPhrase":"\#(DevVectors.phrase)"}"#
        #expect(try KeyfileContents.decode(Array(phraseWins.utf8), path: "f").ss58Address == DevVectors.ss58)
        let seedWins =
            #"{"ss58Address":"\#(DevVectors.ss58)","privateKey":"0x\#(Hex.encode(alice.secretKey!.bytes))","secretSeed":"0x\#(DevVectors.mini)"}"#
        #expect(try KeyfileContents.decode(Array(seedWins.utf8), path: "f").ss58Address == DevVectors.ss58)
        let privateOnly = #"{"privateKey":"0x\#(DevVectors.privateKey)"}"#
        let fromPrivate = try KeyfileContents.decode(Array(privateOnly.utf8), path: "f")
        #expect(fromPrivate.ss58Address == DevVectors.ss58 && fromPrivate.hasSecret)
        let publicOnly = #"{"cryptoType":1,"ss58Address":"\#(alice.ss58Address)","accountId":"0x00"}"#
        let watcher = try KeyfileContents.decode(Array(publicOnly.utf8), path: "f")
        #expect(watcher.ss58Address == alice.ss58Address && !watcher.hasSecret)
        #expect(try KeyfileContents.decode(KeyfileContents.encode(dev), path: "f").mnemonic == dev.mnemonic)
    }

    @Test(
        "malformed keyfiles give errors naming the field and rule",
        arguments: [
            ("not json", "not a keyfile"),
            (#"{"secretPhrase": 5}"#, "field 'secretPhrase': must be a string"),
            (#"{"secretPhrase": "bottom drive obey"}"#, "field 'secretPhrase': mnemonic: has 3 words"),
            (#"{"secretSeed": "0xzz"}"#, "field 'secretSeed': is not hexadecimal"),
            (#"{"secretSeed": "0x0102"}"#, "field 'secretSeed': must be 32 bytes, has 2"),
            (#"{"privateKey": "0x01"}"#, "field 'privateKey': privateKey: has 1 bytes, expected 64"),
            (#"{"ss58Address": "5Grw"}"#, "field 'ss58Address': SS58 address"),
            (#"{"accountId": "0x00"}"#, "has none of"),
            (
                #"{"secretSeed":"0xfac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e","ss58Address":"5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"}"#,
                "belongs to 5DfhGyQd"
            ),
        ])
    func malformed(json: String, message: String) {
        do {
            _ = try KeyfileContents.decode(Array(json.utf8), path: "/k")
            Issue.record("accepted \(json)")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
        }
    }

    @Test("the password environment variable follows bittensor-wallet's rule")
    func environmentPassword() {
        let path = "/tmp/a.b/wallets/w1/coldkey"
        #expect(KeyfilePassword.environmentVariableName(forKeyfileAt: path) == "BT_PW__TMP_A_B_WALLETS_W1_COLDKEY")
        // The value bittensor-wallet 3.0.4 exported for "hunter2" at /tmp/x/wallets/w1/coldkey.
        let environment = ["BT_PW__TMP_X_WALLETS_W1_COLDKEY": "KiExJDItbQ=="]
        #expect(KeyfilePassword.fromEnvironment(forKeyfileAt: "/tmp/x/wallets/w1/coldkey", environment: environment) == "hunter2")
        #expect(KeyfilePassword.environmentValue(password: "hunter2", forKeyfileAt: "/tmp/x/wallets/w1/coldkey") == "KiExJDItbQ==")
        #expect(throws: KeyfileError.weakPassword("must be at least 6 characters long")) { try KeyfilePassword.validateNew("abc") }
    }
}
