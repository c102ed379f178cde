import ArgumentParser
import Foundation
import Subtensor

struct SetWeightsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-weights",
        abstract: "Set the hotkey's weights by hand (validators do it themselves).",
        discussion: """
        Example: nicompute subnet set-weights --uids 1,2 --weights 0.8,0.2. The weights rate limit applies.

        On a subnet with commit-reveal the weights are committed as a hash and must be revealed \
        in a later epoch with `nicompute subnet reveal-weights` (same wallet and --reveal-journal); \
        the command says which epoch.
        """
    )

    @OptionGroup var wallet: WalletOptions
    @OptionGroup var chain: ChainOptions
    @OptionGroup var revealJournal: RevealJournalOptions

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
        guard !chain.isLocal else {
            try await chain.localChain().setWeights(netuid: chain.netuid, hotkey: hotkey, uids: uidList.compactMap { $0 },
                                                    weights: weightList.compactMap { $0 }, versionKey: 190)
            print("Set weights of \(hotkey) on subnet \(chain.netuid)")
            return
        }
        let client = try chain.remoteClient(signer: keypair, revealJournal: try revealJournal.journal(hotkey: hotkey))
        try await client.setWeights(netuid: chain.netuid, hotkey: hotkey, uids: uidList.compactMap { $0 },
                                    weights: weightList.compactMap { $0 }, versionKey: 190)
        guard try await client.hyperparameters(netuid: chain.netuid).commitRevealEnabled else {
            print("Set weights of \(hotkey) on subnet \(chain.netuid)")
            return
        }
        let pending = try await client.pendingRevealEpochs(netuid: chain.netuid)
        print("Committed the weights of \(hotkey) on subnet \(chain.netuid) (commit-reveal; the chain is in epoch \(pending.now)).")
        print("Reveal them in epoch \(pending.revealEpochs.last ?? pending.now) with: nicompute subnet reveal-weights (same wallet, chain and --reveal-journal)")
    }
}
