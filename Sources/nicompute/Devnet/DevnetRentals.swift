import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Ends the rentals still open when the devnet stops, through the Register API with the admin
/// key, as a renter would: the API's store, the miner's store and the container then agree.
/// Removing the containers alone (the sweep that follows) would leave the API listing rentals
/// whose machines are gone until its health checks give up on them, an hour later.
enum DevnetRentals {
    /// Deallocates every rental the admin key sees; a line saying what was done.
    static func releaseAll(apiBase: String, key: String) async -> String {
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        let rentals: [[String: Any]]
        do {
            let (status, json) = try await post(session, "\(apiBase)/list/allocations_sql", key: key)
            // 404 is the reference's answer for "no rentals".
            if status == 404 { return "devnet: no rentals open" }
            guard status == 200, let data = json["data"] as? [[String: Any]] else { return "devnet: could not list the rentals (HTTP \(status))" }
            rentals = data
        } catch {
            return "devnet: could not list the rentals: \(error.localizedDescription)"
        }
        var released = 0
        var failed = [String]()
        for rental in rentals {
            guard let hotkey = rental["hotkey"] as? String, let uuid = rental["uuid_key"] as? String,
                  let query = "hotkey=\(hotkey)&uuid_key=\(uuid)".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) else { continue }
            let status = (try? await post(session, "\(apiBase)/service/deallocate?\(query)", key: key).status) ?? 0
            if status == 200 { released += 1 } else { failed.append("\(uuid) (HTTP \(status))") }
        }
        return "devnet: released \(released) rental(s) still open" + (failed.isEmpty ? "" : "; could not release \(failed.joined(separator: ", "))")
    }

    private static func post(_ session: URLSession, _ address: String, key: String) async throws -> (status: Int, json: [String: Any]) {
        guard let url = URL(string: address) else { throw URLError(.badURL) }
        var request = URLRequest(url: url, timeoutInterval: 30)
        request.httpMethod = "POST"
        request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        let (data, response) = try await session.data(for: request)
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, json)
    }
}
