import ArgumentParser

/// `nicompute subnet …`: registration, stake and the metagraph.
struct SubnetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subnet",
        abstract: "Register on a subnet, add stake (local chain), show the metagraph and hyperparameters.",
        subcommands: [RegisterCommand.self, StakeAddCommand.self, ServeAxonCommand.self, SetWeightsCommand.self, MetagraphCommand.self,
                      HyperparametersCommand.self]
    )
}
