import Foundation
import Testing
@testable import BittensorCrypto

/// A fresh folder under the system's temporary directory, removed when the value goes away.
final class TemporaryDirectory {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "nicompute-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

func permissions(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
}

@Suite("wallet directories")
struct WalletTests {
    @Test("layout, permissions and loading back, with an encrypted coldkey")
    func layout() throws {
        let directory = try TemporaryDirectory()
        let wallet = try Wallet(name: "miner", hotkey: "h1", path: directory.path)
        let coldkey = Keypair(mnemonic: try Mnemonic.generate())
        let hotkey = Keypair(mnemonic: try Mnemonic.generate())
        try wallet.write(coldkey: coldkey, coldkeyPassword: "correct horse", hotkey: hotkey, overwrite: false)

        for file in ["coldkey", "coldkeypub.txt", "hotkeys/h1", "hotkeys/h1pub.txt"] {
            #expect(try permissions(wallet.directory + "/" + file) == 0o600, "\(file)")
        }
        #expect(try permissions(wallet.directory) == 0o700)
        #expect(try permissions(wallet.directory + "/hotkeys") == 0o700)
        #expect(try wallet.coldkeyFile.format() == .nacl)
        #expect(try wallet.hotkeyFile.format() == .plaintext)
        #expect(try wallet.coldkeyPublic().ss58Address == coldkey.ss58Address)
        #expect(try wallet.hotkeyPublic().ss58Address == hotkey.ss58Address)
        #expect(try wallet.coldkeyFile.keypair(password: { "correct horse" }).secretKey?.bytes == coldkey.secretKey?.bytes)
        #expect(throws: KeyfileError.wrongPassword(path: wallet.coldkeyFile.path)) {
            try wallet.coldkeyFile.keypair(password: { "wrong horse" })
        }
        #expect(throws: KeyfileError.passwordRequired(path: wallet.coldkeyFile.path)) { try wallet.coldkeyFile.keypair() }
        let listing = WalletListing.scan(root: directory.path)
        #expect(
            listing == [
                WalletListing(
                    name: "miner", coldkeyAddress: coldkey.ss58Address,
                    hotkeys: [.init(name: "h1", ss58Address: hotkey.ss58Address)])
            ])
    }

    @Test("an existing wallet is refused without --overwrite and nothing is written")
    func noOverwrite() throws {
        let directory = try TemporaryDirectory()
        let wallet = try Wallet(name: "w", hotkey: "h", path: directory.path)
        let first = try Keypair(uri: "//Alice")
        try wallet.writeHotkey(first, overwrite: false)
        let before = try Data(contentsOf: URL(fileURLWithPath: wallet.hotkeyFile.path))
        let second = try Keypair(uri: "//Bob")
        #expect(throws: KeyfileError.alreadyExists(path: wallet.hotkeyFile.path)) {
            try wallet.write(coldkey: second, coldkeyPassword: nil, hotkey: second, overwrite: false)
        }
        #expect(!wallet.coldkeyFile.exists && !wallet.coldkeypubFile.exists)
        #expect(try Data(contentsOf: URL(fileURLWithPath: wallet.hotkeyFile.path)) == before)
        try wallet.writeHotkey(second, overwrite: true)
        #expect(try wallet.hotkeyPublic().ss58Address == second.ss58Address)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: wallet.directory + "/hotkeys").filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test("names that escape the wallet folder are refused", arguments: ["", "..", ".", "a/b"])
    func badNames(name: String) {
        #expect(throws: WalletError.invalidName(field: "--wallet.name", value: name)) { try Wallet(name: name, path: "/tmp") }
        #expect(throws: WalletError.invalidName(field: "--wallet.hotkey", value: name)) { try Wallet(hotkey: name, path: "/tmp") }
    }

    @Test("the default root honours BT_WALLET_PATH and expands ~")
    func defaultRoot() {
        #expect(Wallet.root(environment: ["BT_WALLET_PATH": "/srv/wallets"]) == "/srv/wallets")
        #expect(Wallet.root(path: "/explicit", environment: ["BT_WALLET_PATH": "/srv/wallets"]) == "/explicit")
        #expect(Wallet.root(environment: [:]).hasSuffix("/.bittensor/wallets"))
        #expect(!Wallet.root(environment: [:]).hasPrefix("~"))
    }
}
