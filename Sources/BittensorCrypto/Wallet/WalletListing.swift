import Foundation

/// What `nicompute wallet list` shows: the wallets under a root and their public addresses.
public struct WalletListing: Sendable, Equatable {
    public struct Hotkey: Sendable, Equatable {
        public let name: String
        /// nil when the address cannot be read without a password.
        public let ss58Address: String?
    }

    public let name: String
    /// nil when the coldkey's address cannot be read without a password.
    public let coldkeyAddress: String?
    public let hotkeys: [Hotkey]

    /// The wallets under `root`, sorted by name; folders without key files are skipped.
    public static func scan(root: String) -> [WalletListing] {
        let fileManager = FileManager.default
        guard let names = try? fileManager.contentsOfDirectory(atPath: root) else { return [] }
        return names.sorted().compactMap { name in
            guard let wallet = try? Wallet(name: name, path: root) else { return nil }
            let hotkeyNames = hotkeyNames(in: wallet.directory + "/hotkeys")
            guard wallet.coldkeyFile.exists || wallet.coldkeypubFile.exists || !hotkeyNames.isEmpty else { return nil }
            let coldkey = try? wallet.coldkeyPublic().ss58Address
            let hotkeys = hotkeyNames.compactMap { hotkeyName -> Hotkey? in
                guard let selected = try? Wallet(name: name, hotkey: hotkeyName, path: root) else { return nil }
                return Hotkey(name: hotkeyName, ss58Address: try? selected.hotkeyPublic().ss58Address)
            }
            return WalletListing(name: name, coldkeyAddress: coldkey, hotkeys: hotkeys)
        }
    }

    private static func hotkeyNames(in directory: String) -> [String] {
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        let all = Set(files)
        // `<name>pub.txt` is the public half of `<name>`, not a hotkey of its own.
        return files.filter { file in
            !(file.hasSuffix("pub.txt") && all.contains(String(file.dropLast("pub.txt".count))))
                && !file.contains(".tmp-")
        }.sorted()
    }
}
