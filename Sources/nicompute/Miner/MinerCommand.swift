import ArgumentParser

/// `nicompute miner`: the miner (`run`, the default) and its tools.
struct MinerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "miner",
        abstract: "Run a miner: serve Allocate/Specs on the axon and rent out SSH containers.",
        discussion:
            "`nicompute miner <flags>` runs the miner (`nicompute miner run --help` lists its flags); `check-ports` tests its ports first.",
        subcommands: [MinerRunCommand.self, CheckPortsCommand.self],
        defaultSubcommand: MinerRunCommand.self
    )
}
