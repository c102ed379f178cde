import Foundation
import HostPaths

/// A Bittensor wallet directory, laid out as bittensor-wallet does:
///
/// ```
/// <root>/<name>/coldkey                  keyfile, NaCl-encrypted by default
/// <root>/<name>/coldkeypub.txt           public-only keyfile
/// <root>/<name>/hotkeys/<hotkey>         keyfile, plaintext by default
/// <root>/<name>/hotkeys/<hotkey>pub.txt  public-only keyfile
/// ```
///
/// Files are written 0600 and folders 0700, atomically.
public struct Wallet: Sendable, Equatable {
    public static let defaultName = "default"
    public static let defaultHotkey = "default"

    /// The wallet's name (a folder under ``root``).
    public let name: String
    /// The selected hotkey's name.
    public let hotkeyName: String
    /// The folder that holds all wallets, with `~` expanded.
    public let root: String

    /// `path` defaults to `BT_WALLET_PATH`, else `~/.bittensor/wallets`.
    public init(
        name: String = defaultName,
        hotkey: String = defaultHotkey,
        path: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(WalletError) {
        try Self.validate(name, field: "--wallet.name")
        try Self.validate(hotkey, field: "--wallet.hotkey")
        self.name = name
        self.hotkeyName = hotkey
        self.root = Self.root(path: path, environment: environment)
    }

    /// The absolute folder of all wallets: `path` with `~` expanded, else `BT_WALLET_PATH`,
    /// else `~/.bittensor/wallets`.
    public static func root(
        path: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        expand(path ?? environment["BT_WALLET_PATH"] ?? "~/.bittensor/wallets")
    }

    public var directory: String { root + "/" + name }
    public var coldkeyFile: Keyfile { Keyfile(path: directory + "/coldkey") }
    public var coldkeypubFile: Keyfile { Keyfile(path: directory + "/coldkeypub.txt") }
    public var hotkeyFile: Keyfile { hotkeyFile(named: hotkeyName) }
    public var hotkeypubFile: Keyfile { Keyfile(path: directory + "/hotkeys/" + hotkeyName + "pub.txt") }

    public func hotkeyFile(named hotkey: String) -> Keyfile {
        Keyfile(path: directory + "/hotkeys/" + hotkey)
    }

    /// Writes the coldkey (encrypted when `password` is given) and `coldkeypub.txt`.
    public func writeColdkey(_ keypair: Keypair, password: String?, overwrite: Bool) throws(KeyfileError) {
        var batch = KeyfileBatch()
        try addColdkey(keypair, password: password, to: &batch)
        try batch.commit(overwrite: overwrite)
    }

    /// Writes the selected hotkey (encrypted when `password` is given) and its `pub.txt`.
    public func writeHotkey(_ keypair: Keypair, password: String? = nil, overwrite: Bool) throws(KeyfileError) {
        var batch = KeyfileBatch()
        try addHotkey(keypair, password: password, to: &batch)
        try batch.commit(overwrite: overwrite)
    }

    /// Writes a coldkey and a hotkey together: if any target exists and `overwrite` is false,
    /// nothing is written.
    public func write(
        coldkey: Keypair, coldkeyPassword: String?, hotkey: Keypair, overwrite: Bool
    ) throws(KeyfileError) {
        var batch = KeyfileBatch()
        try addColdkey(coldkey, password: coldkeyPassword, to: &batch)
        try addHotkey(hotkey, password: nil, to: &batch)
        try batch.commit(overwrite: overwrite)
    }

    /// The coldkey's public half: from `coldkeypub.txt`, else from a plaintext coldkey.
    public func coldkeyPublic() throws -> Keypair {
        if coldkeypubFile.exists { return try coldkeypubFile.keypair() }
        return try coldkeyFile.keypair()
    }

    /// The selected hotkey's public half: from its `pub.txt` when present, else the hotkey.
    public func hotkeyPublic(password: () throws -> String? = { nil }) throws -> Keypair {
        if hotkeypubFile.exists { return try hotkeypubFile.keypair() }
        return try hotkeyFile.keypair(password: password)
    }

    private func addColdkey(_ keypair: Keypair, password: String?, to batch: inout KeyfileBatch) throws(KeyfileError) {
        batch.add(try Keyfile.contents(of: keypair, password: password), at: coldkeyFile.path)
        batch.add(try Keyfile.contents(of: keypair, publicOnly: true, password: nil), at: coldkeypubFile.path)
    }

    private func addHotkey(_ keypair: Keypair, password: String?, to batch: inout KeyfileBatch) throws(KeyfileError) {
        batch.add(try Keyfile.contents(of: keypair, password: password), at: hotkeyFile.path)
        batch.add(try Keyfile.contents(of: keypair, publicOnly: true, password: nil), at: hotkeypubFile.path)
    }

    private static func validate(_ name: String, field: String) throws(WalletError) {
        guard !name.isEmpty, !name.contains("/"), name != ".", name != "..", !name.contains("\0") else {
            throw .invalidName(field: field, value: name)
        }
    }

    private static func expand(_ path: String) -> String {
        HomeDirectory.absolute(path)
    }
}
