import ArgumentParser

/// `nicompute rent`: a renter's side of the Register API, for people and scripts that would
/// rather not write curl.
struct RentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rent",
        abstract: "Rent machines through a Register API: allocate, list, release, and act on the container.",
        discussion: """
            Every command needs the API (--api.url, default $NICOMPUTE_API_URL or the devnet's \
            http://127.0.0.1:8903) and your key (--api.key-file, $NICOMPUTE_API_KEY or --api.key). \
            On the devnet:

              export NICOMPUTE_API_KEY=$(cat ~/.nicompute/devnet/admin-api-key)
              nicompute rent allocate --gpu-size 0 --timeline 1     # the devnet's miners have no GPU
              ssh root@127.0.0.1 -p 4444                            # as printed, with the printed password
              nicompute rent list
              nicompute rent restart --hotkey 5… --uuid …           # also pause, unpause, exchange-key
              nicompute rent release --hotkey 5… --uuid …

            --json prints the API's data as JSON, for scripts.
            """,
        subcommands: [
            RentAllocateCommand.self, RentListCommand.self, RentReleaseCommand.self, RentRestartCommand.self,
            RentPauseCommand.self, RentUnpauseCommand.self, RentExchangeKeyCommand.self,
        ]
    )
}
