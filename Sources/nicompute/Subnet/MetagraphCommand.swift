import ArgumentParser
import Foundation
import Subtensor

struct MetagraphCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metagraph",
        abstract: "Show a subnet's neurons: uid, hotkey, stake, incentive, emission, axon."
    )

    @OptionGroup var chain: ChainOptions

    func run() async throws {
        let metagraph = try await chain.subnetChain().metagraph(netuid: chain.netuid)
        print("subnet \(metagraph.netuid) at block \(metagraph.block): \(metagraph.neurons.count) neurons")
        print("UID  HOTKEY                                            STAKE(τ)   VPERMIT  INCENTIVE  DIVIDENDS  EMISSION(ρ)  UPDATED  AXON")
        for neuron in metagraph.neurons {
            let axon = neuron.axon.isServing ? "\(neuron.axon.ip):\(neuron.axon.port)" : "-"
            print(
                String(
                    format: "%-4d %-48@  %9.3f  %-7@  %9.5f  %9.5f  %11d  %7d  %@",
                    neuron.uid, neuron.hotkey as NSString, Double(neuron.stake) / 1e9, (neuron.validatorPermit ? "yes" : "no") as NSString,
                    neuron.incentive, neuron.dividends, neuron.emission, neuron.lastUpdate, axon as NSString))
        }
    }
}
