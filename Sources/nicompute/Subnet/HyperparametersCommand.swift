import ArgumentParser
import Foundation
import Subtensor

struct HyperparametersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hyperparameters",
        abstract: "Show what a validator needs of a subnet: tempo, weights rate limit and version key, commit-reveal."
    )

    @OptionGroup var chain: ChainOptions

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        let parameters: SubnetHyperparameters
        if chain.isLocal {
            parameters = try await chain.localChain().hyperparameters(netuid: chain.netuid)
        } else {
            let client = try chain.remoteClient()
            parameters = try await client.hyperparameters(netuid: chain.netuid)
            await client.close()
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(parameters), as: UTF8.self))
            return
        }
        print("subnet \(parameters.netuid)")
        print("tempo                  \(parameters.tempo) blocks")
        print("weights rate limit     \(parameters.weightsRateLimit) blocks")
        print("weights version key    \(parameters.weightsVersionKey)")
        print("commit-reveal          \(parameters.commitRevealEnabled ? "enabled" : "disabled")")
        print("commit-reveal period   \(parameters.commitRevealPeriod) epochs")
        print(
            "commit-reveal version  \(parameters.commitRevealVersion.map(String.init) ?? "-")"
                + (parameters.requiresTimelockedCommitReveal ? " (timelocked to a drand round, revealed by the chain)" : ""))
    }
}
