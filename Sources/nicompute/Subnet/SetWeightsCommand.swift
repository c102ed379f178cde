import ArgumentParser
import Foundation
import Subtensor

struct SetWeightsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-weights",
        abstract: "Set the hotkey's weights by hand (validators do it themselves).",
        discussion: """
            Example: nicompute subnet set-weights --uids 1,2 --weights 0.8,0.2. The weights rate limit applies.

            On a subnet with timelocked commit-reveal (every live subnet, and the local chain by default) \
            the weights are encrypted to a drand round of the reveal epoch and the chain applies them by \
            itself then; the command says which round and block. On a chain with hash commit-reveal they \
            must be revealed in a later epoch with `nicompute subnet reveal-weights` (same wallet and \
            --reveal-journal); the command says which epoch.
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
        let uids = uidList.compactMap { $0 }, values = weightList.compactMap { $0 }
        let submission: WeightsSubmission
        if chain.isLocal {
            submission = try await chain.localChain().setWeights(
                netuid: chain.netuid, hotkey: hotkey, uids: uids, weights: values, versionKey: 190)
        } else {
            let client = try chain.remoteClient(signer: keypair, revealJournal: try revealJournal.journal(hotkey: hotkey))
            submission = try await client.setWeights(netuid: chain.netuid, hotkey: hotkey, uids: uids, weights: values, versionKey: 190)
        }
        switch submission {
        case .set:
            print("Set weights of \(hotkey) on subnet \(chain.netuid)")
        case let .timelocked(round, block, version):
            print(
                "Committed the weights of \(hotkey) on subnet \(chain.netuid), timelocked to drand round \(round) (commit-reveal v\(version))."
            )
            print("The chain reveals and applies them by itself from block \(block) on; nothing more to send.")
        case let .hashCommitted(epoch):
            print("Committed the weights of \(hotkey) on subnet \(chain.netuid) as a hash (commit-reveal).")
            print("Reveal them in epoch \(epoch) with: nicompute subnet reveal-weights (same wallet, chain and --reveal-journal)")
        }
    }
}
