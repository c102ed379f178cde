import BittensorNetwork

/// Ends the rentals still open when the devnet stops, through the Register API with the admin
/// key, as a renter would: the API's store, the miner's store and the container then agree.
/// Removing the containers alone (the sweep that follows) would leave the API listing rentals
/// whose machines are gone until its health checks give up on them, an hour later.
enum DevnetRentals {
    /// Deallocates every rental the admin key sees; a line saying what was done.
    static func releaseAll(apiBase: String, key: String) async -> String {
        let client = RegisterAPIClient(baseURL: apiBase, key: key, tls: nil)
        let rentals: [JSONValue]
        do {
            let reply = try await client.post("/list/allocations_sql")
            // 404 is the reference's answer for "no rentals".
            if reply.status == 404 { return "devnet: no rentals open" }
            guard reply.status == 200, case let .array(data)? = reply.data else {
                return "devnet: could not list the rentals (\(reply.failure))"
            }
            rentals = data
        } catch {
            return "devnet: could not list the rentals: \(error)"
        }
        var released = 0
        var failed = [String]()
        for rental in rentals {
            guard case let .string(hotkey)? = rental["hotkey"], case let .string(uuid)? = rental["uuid_key"] else { continue }
            let status = (try? await client.post("/service/deallocate", query: [("hotkey", hotkey), ("uuid_key", uuid)]).status) ?? 0
            if status == 200 { released += 1 } else { failed.append("\(uuid) (HTTP \(status))") }
        }
        return "devnet: released \(released) rental(s) still open"
            + (failed.isEmpty ? "" : "; could not release \(failed.joined(separator: ", "))")
    }
}
