import ArgumentParser
import Foundation
import Subtensor

struct SetWeightsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-weights",
        abstract: "Set the hotkey's weights by hand (validators do it themselves).",
        discussion: "Example: nicompute subnet set-weights --uids 1,2 --weights 0.8,0.2. The weights rate limit applies."
    )

    @OptionGroup var wallet: WalletOptions
    @OptionGroup var chain: ChainOptions

    @Option(help: "Comma-separated uids.")
    var uids: String

    @Option(help: "Comma-separated weights, one per uid.")
    var weights: String

    func run() async throws {
        let uidList = uids.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        let weightList = weights.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard uidList.allSatisfy({ $0 != nil }) else { throw ValidationError("--uids: must be comma-separated integers") }
        guard weightList.allSatisfy({ $0 != nil }) else { throw ValidationError("--weights: must be comma-separated numbers") }
        let wallet = try wallet.wallet()
        let keypair = try wallet.hotkeyFile.keypair(password: PasswordPrompt.existing(for: wallet.hotkeyFile))
        let hotkey = keypair.ss58Address
        try await chain.subnetChain(signer: keypair).setWeights(netuid: chain.netuid, hotkey: hotkey, uids: uidList.compactMap { $0 },
                                                weights: weightList.compactMap { $0 }, versionKey: 190)
        print("Set weights of \(hotkey) on subnet \(chain.netuid)")
    }
}
