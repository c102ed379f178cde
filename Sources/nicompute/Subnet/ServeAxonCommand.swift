import ArgumentParser
import Subtensor

struct ServeAxonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve-axon",
        abstract: "Publish the hotkey's axon address (miners do it themselves at start).",
        discussion: "On real networks 127.0.0.1 is refused by the chain; the miner serves its axon with its own hotkey when it starts."
    )

    @OptionGroup var wallet: WalletOptions
    @OptionGroup var chain: ChainOptions

    @Option(help: "The axon's IP address (127.0.0.1 is allowed on the local chain).")
    var ip = "127.0.0.1"

    @Option(help: "The axon's port.")
    var port: Int

    func validate() throws {
        guard (1...65_535).contains(port) else { throw ValidationError("--port: must be 1…65535") }
    }

    func run() async throws {
        let wallet = try wallet.wallet()
        let keypair = try wallet.hotkeyFile.keypair(password: PasswordPrompt.existing(for: wallet.hotkeyFile))
        let hotkey = keypair.ss58Address
        try await chain.subnetChain(signer: keypair).serveAxon(
            netuid: chain.netuid, hotkey: hotkey, axon: AxonInfo(ip: ip, port: port, version: 190))
        print("Serving \(hotkey) at \(ip):\(port) on subnet \(chain.netuid)")
    }
}
