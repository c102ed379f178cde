import ArgumentParser

/// `nicompute subnet …`: registration, stake and the metagraph.
struct SubnetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subnet",
        abstract:
            "Register on a subnet, add stake (local chain), serve an axon, set and reveal weights, show the metagraph and hyperparameters.",
        subcommands: [
            RegisterCommand.self, StakeAddCommand.self, ServeAxonCommand.self, SetWeightsCommand.self, RevealWeightsCommand.self,
            MetagraphCommand.self, HyperparametersCommand.self,
        ]
    )
}
