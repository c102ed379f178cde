import ArgumentParser
import Foundation
import Subtensor

struct RevealWeightsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reveal-weights",
        abstract: "Reveal weights committed by `set-weights` on a commit-reveal subnet, once their epoch has come.",
        discussion: """
            The chain accepts a reveal only in one epoch (commit epoch + the subnet's reveal period); \
            earlier this says which epoch to wait for, later the commit has expired and is forgotten. \
            Validators reveal their own commits by themselves.
            """
    )

    @OptionGroup var wallet: WalletOptions
    @OptionGroup var chain: ChainOptions
    @OptionGroup var revealJournal: RevealJournalOptions

    func run() async throws {
        guard !chain.isLocal else { throw CLIError("the local chain sets weights directly: there is nothing to reveal") }
        let wallet = try wallet.wallet()
        let keypair = try wallet.hotkeyFile.keypair(password: PasswordPrompt.existing(for: wallet.hotkeyFile))
        let hotkey = keypair.ss58Address
        let client = try chain.remoteClient(signer: keypair, revealJournal: try revealJournal.journal(hotkey: hotkey))
        let revealed = try await client.revealPendingWeights(netuid: chain.netuid)
        let pending = try await client.pendingRevealEpochs(netuid: chain.netuid)
        await client.close()
        if revealed { print("Revealed the committed weights of \(hotkey) on subnet \(chain.netuid)") }
        if let next = pending.revealEpochs.min() {
            print(
                "\(pending.revealEpochs.count) commit(s) of \(hotkey) on subnet \(chain.netuid) wait for epoch \(next) (the chain is in epoch \(pending.now))"
            )
        } else if !revealed {
            print("Nothing to reveal for \(hotkey) on subnet \(chain.netuid)")
        }
    }
}
