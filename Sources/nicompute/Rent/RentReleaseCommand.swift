import ArgumentParser

/// `nicompute rent release`: `/service/deallocate`.
struct RentReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "End a rental: the miner removes the container, and the API forgets the rental once the miner confirms."
    )

    @OptionGroup var api: RegisterAPIOptions

    @Option(help: "The rented miner's hotkey (as `allocate` and `list` print it).")
    var hotkey: String

    @Option(help: "The rental's uuid_key (as `allocate` and `list` print it).")
    var uuid: String

    func validate() throws {
        guard !hotkey.isEmpty else { throw ValidationError("--hotkey: must not be empty") }
        guard !uuid.isEmpty else { throw ValidationError("--uuid: must not be empty") }
    }

    func run() async throws {
        let reply = try await api.client().post("/service/deallocate", query: [("hotkey", hotkey), ("uuid_key", uuid)])
        guard reply.status == 200 else { throw CLIError("release failed: \(reply.failure)") }
        print("Released \(uuid) on \(hotkey).")
    }
}
