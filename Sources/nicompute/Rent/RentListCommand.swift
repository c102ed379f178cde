import ArgumentParser
import BittensorNetwork

/// `nicompute rent list`: `/list/allocations_sql`, the rentals your key may see.
struct RentListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List your rentals (every rental, with an admin key) with their SSH commands."
    )

    @OptionGroup var api: RegisterAPIOptions

    @Flag(help: "Print the API's data as JSON.")
    var json = false

    func run() async throws {
        let reply = try await api.client().post("/list/allocations_sql")
        // 404 with "No resources found." is the reference's answer for none.
        if reply.status == 404, reply.message == "No resources found." {
            print(json ? "[]" : "No rentals.")
            return
        }
        guard reply.status == 200, case let .array(rentals)? = reply.data else { throw CLIError("listing failed: \(reply.failure)") }
        if json {
            print(String(decoding: OrderedJSON.serialize(.array(rentals)), as: UTF8.self))
            return
        }
        for rental in rentals {
            print(["uuid_key", "hotkey", "resource", "ssh_command"].map(rental.fieldText).joined(separator: "  "))
        }
    }
}
