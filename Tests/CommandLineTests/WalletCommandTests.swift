import BittensorCrypto
import Foundation
import Testing
import HexCoding

/// Interoperability with bittensor-wallet 3.0.4 (Python), the real peer: wallets, keyfiles and
/// signatures must cross between the two implementations in both directions.
@Suite("interoperability with bittensor-wallet", .serialized)
struct WalletCommandTests {
    typealias Env = InteropEnvironment

    final class Folder {
        let path = NSTemporaryDirectory() + "nicompute-interop-" + UUID().uuidString
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    @Test("the peer is bittensor-wallet 3.0.4")
    func peerVersion() throws {
        let folder = Folder()
        _ = try Env.peer("create-wallet", ["name": "v", "hotkey": "h", "path": folder.path, "password": NSNull()])
        let loaded = try Env.peer("load-wallet", ["name": "v", "hotkey": "h", "path": folder.path])
        #expect(loaded["version"] as? String == "3.0.4")
    }

    @Test("a wallet made by Python (encrypted coldkey, plain hotkey) loads in nicompute")
    func pythonToSwift() throws {
        let folder = Folder()
        let password = "py-secret-42"
        let created = try Env.peer("create-wallet", ["name": "pw", "hotkey": "hk", "path": folder.path, "password": password])
        let loaded = try Env.peer("load-wallet", ["name": "pw", "hotkey": "hk", "path": folder.path, "password": password])
        let coldAddress = try #require(created["coldkey"] as? String)
        let hotAddress = try #require(created["hotkey"] as? String)

        // The CLI reads the public halves without a password.
        let shown = try Env.nicompute(["wallet", "show", "--wallet.path", folder.path, "--wallet.name", "pw", "--wallet.hotkey", "hk"])
        #expect(shown.contains("coldkey  \(coldAddress)"))
        #expect(shown.contains("hotkey   hk  \(hotAddress)"))

        // The library decrypts Python's NaCl coldkey to the same secret.
        let wallet = try Wallet(name: "pw", hotkey: "hk", path: folder.path)
        #expect(try wallet.coldkeyFile.format() == .nacl)
        let coldkey = try wallet.coldkeyFile.keypair(password: { password })
        #expect(coldkey.ss58Address == coldAddress)
        #expect("0x" + Hex.encode(try #require(coldkey.secretKey).bytes) == loaded["coldkey_private"] as? String)
        let hotkey = try wallet.hotkeyFile.keypair()
        #expect("0x" + Hex.encode(try #require(hotkey.secretKey).bytes) == loaded["hotkey_private"] as? String)

        // Wrong password: a clear error.
        #expect(throws: KeyfileError.wrongPassword(path: wallet.coldkeyFile.path)) {
            try wallet.coldkeyFile.keypair(password: { "nope-nope" })
        }

        // The CLI signs with Python's coldkey (password from the BT_PW_ variable); Python verifies.
        let environment = [
            wallet.coldkeyFile.passwordEnvironmentVariable:
                KeyfilePassword.environmentValue(password: password, forKeyfileAt: wallet.coldkeyFile.path)
        ]
        let signature = try Env.nicompute(
            ["wallet", "sign", "--wallet.path", folder.path, "--wallet.name", "pw", "--use-coldkey", "--message", "from swift"],
            environment: environment
        ).trimmingCharacters(in: .whitespacesAndNewlines)
        let verdict = try Env.peer(
            "verify", ["ss58": coldAddress, "messages": [Hex.encode(Array("from swift".utf8))], "signatures": [signature]])
        #expect(verdict["results"] as? [Bool] == [true])
    }

    @Test("a wallet made by nicompute (encrypted coldkey, plain hotkey) loads in Python")
    func swiftToPython() throws {
        let folder = Folder()
        let password = "swift-secret-7"
        let wallet = try Wallet(name: "sw", hotkey: "hk", path: folder.path)
        let environment = [
            wallet.coldkeyFile.passwordEnvironmentVariable:
                KeyfilePassword.environmentValue(password: password, forKeyfileAt: wallet.coldkeyFile.path)
        ]
        try Env.nicompute(
            ["wallet", "create", "--wallet.path", folder.path, "--wallet.name", "sw", "--wallet.hotkey", "hk"],
            environment: environment)
        #expect(try wallet.coldkeyFile.format() == .nacl)
        let coldAddress = try wallet.coldkeyPublic().ss58Address
        let hotAddress = try wallet.hotkeyPublic().ss58Address

        let loaded = try Env.peer("load-wallet", ["name": "sw", "hotkey": "hk", "path": folder.path, "password": password])
        #expect(loaded["coldkey_encrypted"] as? Bool == true)
        #expect(loaded["coldkey"] as? String == coldAddress)
        #expect(loaded["coldkeypub"] as? String == coldAddress)
        #expect(loaded["hotkey"] as? String == hotAddress)

        // Python signs with both keys; nicompute verifies, and rejects a changed message.
        for useColdkey in [false, true] {
            let signed = try Env.peer(
                "sign",
                [
                    "name": "sw", "hotkey": "hk", "path": folder.path, "password": password,
                    "use_coldkey": useColdkey, "messages": [Hex.encode(Array("from python".utf8))],
                ])
            let address = try #require(signed["ss58"] as? String)
            let signature = try #require((signed["signatures"] as? [String])?.first)
            #expect(address == (useColdkey ? coldAddress : hotAddress))
            try Env.nicompute(["wallet", "verify", "--message", "from python", "--signature", signature, "--ss58", address])
            try Env.nicompute(["wallet", "verify", "--message", "from pythom", "--signature", signature, "--ss58", address], expecting: 1)
        }
    }

    @Test("signatures made by each side verify on the other; altered ones fail on both")
    func signaturesBothWays() throws {
        var rng = SystemRandomNumberGenerator()
        let keypair = Keypair(mnemonic: try Mnemonic.generate())
        let messages = (0..<24).map { index in (0..<(index * 13)).map { _ in UInt8.random(in: 0...255, using: &rng) } }
        let signatures = try messages.map { Hex.encode(try keypair.sign($0)) }
        var tampered = signatures
        tampered[3] = String(tampered[3].dropLast(2)) + (tampered[3].hasSuffix("00") ? "01" : "00")
        let pythonVerdict = try Env.peer(
            "verify", ["ss58": keypair.ss58Address, "messages": messages.map { Hex.encode($0) }, "signatures": tampered])
        var expected = [Bool](repeating: true, count: messages.count)
        expected[3] = false
        #expect(pythonVerdict["results"] as? [Bool] == expected)

        let folder = Folder()
        _ = try Env.peer("create-wallet", ["name": "s", "hotkey": "h", "path": folder.path, "password": NSNull()])
        let signed = try Env.peer("sign", ["name": "s", "hotkey": "h", "path": folder.path, "messages": messages.map { Hex.encode($0) }])
        let signer = try PublicKey(ss58Address: try #require(signed["ss58"] as? String))
        let pythonSignatures = try #require(signed["signatures"] as? [String])
        for (message, signature) in zip(messages, pythonSignatures) {
            #expect(signer.verify(signature: try #require(Hex.decode(signature)), message: message))
            #expect(!signer.verify(signature: try #require(Hex.decode(signature)), message: message + [0]))
        }
    }

    @Test("mnemonics, seeds and secret URIs give the same keys on both sides")
    func derivationsAgree() throws {
        for words in [12, 15, 24] {
            let generated = try #require(try Env.peer("generate-mnemonics", ["words": words, "count": 2])["mnemonics"] as? [String])
            let ours = try Mnemonic.generate(wordCount: words).phrase
            for phrase in generated + [ours] {
                let theirs = try Env.peer("from-mnemonic", ["mnemonic": phrase])
                let keypair = Keypair(mnemonic: try Mnemonic(phrase: phrase))
                #expect(theirs["ss58"] as? String == keypair.ss58Address)
                #expect(theirs["private"] as? String == "0x" + Hex.encode(try #require(keypair.secretKey).bytes))
            }
        }
        for uri in ["//Alice", "//Bob", "//Alice//stash", "//1", SecretURI.developmentPhrase + "//validator//0"] {
            let theirs = try Env.peer("from-uri", ["uri": uri])
            #expect(theirs["ss58"] as? String == (try Keypair(uri: uri)).ss58Address, "\(uri)")
        }
    }

    @Test("regen-coldkey from a Python mnemonic restores the same key that Python reads back")
    func regenerate() throws {
        let folder = Folder()
        let phrase = try #require(try Env.peer("generate-mnemonics", ["words": 12, "count": 1])["mnemonics"] as? [String]).first ?? ""
        let expected = try #require(try Env.peer("from-mnemonic", ["mnemonic": phrase])["ss58"] as? String)
        try Env.nicompute([
            "wallet", "regen-coldkey", "--wallet.path", folder.path, "--wallet.name", "r", "--mnemonic", phrase, "--no-password",
        ])
        try Env.nicompute([
            "wallet", "regen-hotkey", "--wallet.path", folder.path, "--wallet.name", "r", "--wallet.hotkey", "h", "--mnemonic", phrase,
        ])
        let loaded = try Env.peer("load-wallet", ["name": "r", "hotkey": "h", "path": folder.path])
        #expect(loaded["coldkey"] as? String == expected)
        #expect(loaded["hotkey"] as? String == expected)
        #expect(loaded["coldkey_encrypted"] as? Bool == false)
        // Restoring again without --overwrite is refused and leaves the files alone.
        try Env.nicompute(
            ["wallet", "regen-coldkey", "--wallet.path", folder.path, "--wallet.name", "r", "--mnemonic", phrase, "--no-password"],
            expecting: 1)
    }
}
