import ArgumentParser
import BittensorCrypto
import Subtensor

struct RegisterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "Register the wallet's hotkey on a subnet.",
        discussion: """
            On the local chain registration is instant and free. On finney and test it costs a \
            burn in TAO and is done with btcli: btcli subnets register --netuid 27 --wallet.name … --wallet.hotkey …
            """
    )

    @OptionGroup var wallet: WalletOptions
    @OptionGroup var chain: ChainOptions

    func run() async throws {
        guard chain.isLocal else {
            print(
                """
                Registration on \(chain.chainEndpoint ?? chain.network) burns TAO from the coldkey and is done with btcli:
                  btcli subnets register --netuid \(chain.netuid) --wallet.name \(wallet.name) --wallet.hotkey \(wallet.hotkey) --network \(chain.network)
                """)
            throw ExitCode.failure
        }
        let wallet = try wallet.wallet()
        let hotkey = try wallet.hotkeyPublic(password: PasswordPrompt.existing(for: wallet.hotkeyFile)).ss58Address
        let coldkey = (try? wallet.coldkeyPublic().ss58Address) ?? hotkey
        let uid = try await chain.localChain().register(netuid: chain.netuid, hotkey: hotkey, coldkey: coldkey)
        print("Registered \(hotkey) on subnet \(chain.netuid) of the local chain as uid \(uid)")
    }
}
