import ArgumentParser

/// `nicompute rent release`: `/service/deallocate`.
struct RentReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "End a rental: the miner removes the container, and the API forgets the rental once the miner confirms."
    )

    @OptionGroup var api: RegisterAPIOptions
    @OptionGroup var rental: RentalSelector

    func run() async throws {
        let reply = try await api.client().post("/service/deallocate", query: rental.query)
        guard reply.status == 200 else { throw CLIError("release failed: \(reply.failure)") }
        print("Released \(rental.uuid) on \(rental.hotkey).")
    }
}
