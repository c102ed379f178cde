import ArgumentParser
import Subtensor

struct StakeAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stake-add",
        abstract: "Add stake to the wallet's hotkey on the local chain (a validator needs stake).",
        discussion: "Local chain only: on finney and test, stake with btcli stake add."
    )

    @OptionGroup var wallet: WalletOptions
    @OptionGroup var chain: ChainOptions

    @Option(help: "TAO to add (the local chain mints it).")
    var amount: Double

    func validate() throws {
        guard amount > 0, amount < 1e9 else { throw ValidationError("--amount: must be a positive number of TAO below 10⁹") }
    }

    func run() async throws {
        guard chain.isLocal else { throw CLIError("stake-add works on the local chain only; on \(chain.network) use btcli stake add") }
        let wallet = try wallet.wallet()
        let hotkey = try wallet.hotkeyPublic(password: PasswordPrompt.existing(for: wallet.hotkeyFile)).ss58Address
        try await chain.localChain().addStake(netuid: chain.netuid, hotkey: hotkey, rao: Int((amount * 1e9).rounded()))
        print("Added \(amount) TAO of stake to \(hotkey) on subnet \(chain.netuid)")
    }
}
