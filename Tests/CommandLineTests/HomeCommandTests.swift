import Foundation
import Testing
import TestSupport

/// Where `nicompute` keeps state when asked for `~`: `$HOME`, as a shell and `btcli` read it,
/// in every command (Foundation's home lookup ignores `$HOME`, and the devnet once wrote under
/// one home while `subnet metagraph` read the other).
@Suite("home directory in commands", .serialized)
struct HomeCommandTests {
    /// Runs the CLI with `HOME` set to `home` and nothing else changed.
    static func run(_ arguments: [String], home: String) throws -> (Int32, String) {
        let output = try ChildProcess.run(TestPaths.nicompute, arguments, environment: ["HOME": home], unsetting: ["BT_WALLET_PATH"])
        return (output.status, output.combined)
    }

    static func withHome(_ body: (String) throws -> Void) throws {
        let home = NSTemporaryDirectory() + "nicompute-home-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        try body(home)
    }

    /// Makes hotkey `h` of the default wallet under `home` from a fixed seed.
    static func makeHotkey(seedByte: String, home: String) throws {
        let seed = "0x" + String(repeating: seedByte, count: 32)
        let (made, output) = try run(["wallet", "regen-hotkey", "--wallet.hotkey", "h", "--seed", seed], home: home)
        #expect(made == 0, "\(output)")
    }

    @Test("before any devnet, a local-chain command says to start the devnet or give --local.path")
    func missingDevnetChainIsExplained() throws {
        try Self.withHome { home in
            try Self.makeHotkey(seedByte: "05", home: home)
            for command in [
                ["subnet", "register", "--subtensor.network", "local", "--netuid", "27", "--wallet.hotkey", "h"],
                ["subnet", "metagraph", "--netuid", "27"],
            ] {
                let (status, output) = try Self.run(command, home: home)
                #expect(status != 0)
                #expect(output.contains("no local chain at \(home)/.nicompute/devnet/chain.sqlite"), "\(output)")
                #expect(output.contains("make devnet") && output.contains("--local.path"), "\(output)")
                #expect(!output.contains("unable to open database file"), "\(output)")
            }
            #expect(!FileManager.default.fileExists(atPath: home + "/.nicompute/devnet/chain.sqlite"))
        }
    }

    @Test("~ is $HOME for wallets and chains; a chain asked for at --local.path is made there, folders and all")
    func tildeIsHome() throws {
        try Self.withHome { home in
            try Self.makeHotkey(seedByte: "07", home: home)
            #expect(FileManager.default.fileExists(atPath: home + "/.bittensor/wallets/default/hotkeys/h"))

            let (registered, registerOutput) = try Self.run(
                ["subnet", "register", "--netuid", "27", "--wallet.hotkey", "h", "--local.path", "~/chains/new/chain.sqlite"], home: home)
            #expect(registered == 0, "\(registerOutput)")
            #expect(FileManager.default.fileExists(atPath: home + "/chains/new/chain.sqlite"))

            let (listed, table) = try Self.run(
                ["subnet", "metagraph", "--netuid", "27", "--local.path", home + "/chains/new/chain.sqlite"], home: home)
            #expect(listed == 0 && table.contains("1 neurons"), "\(table)")
        }
    }
}
