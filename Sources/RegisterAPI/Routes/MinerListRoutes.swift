import BittensorNetwork
import Subtensor

/// What the dashboard reads, and scripts can too: `POST /list/miners` (each miner with its
/// verified device, score, incentive, rental state and last Proof-of-GPU result, plus the
/// chain's block) and `POST /list/pog_history` (one miner's results, oldest first). Additive:
/// the reference has neither.
struct MinerListRoutes: Sendable {
    let rentals: RentalService
    let chain: any SubnetChain
    let netuid: Int

    func miners(_ api: APIRequest, _ key: APIKey) async throws(APIFailure) -> APIAnswer {
        let metagraph = rentals.directory.metagraph
        let verified = await rentals.directory.verified()
        let latest = (try? await rentals.directory.results?.latestResults()) ?? [:]
        let rented = Set(((try? await rentals.store.allRentals()) ?? []).map(\.hotkey))
        let block = (try? await chain.currentBlock()) ?? metagraph?.block ?? 0
        let miners = (metagraph?.neurons ?? []).filter { $0.axon.isServing || latest[$0.hotkey] != nil }.sorted { $0.uid < $1.uid }
        let items: [JSONValue] = miners.map { neuron in
            let device = verified[neuron.hotkey]
            let last = latest[neuron.hotkey].map { result -> JSONValue in
                .object([
                    ("result", .string(result.passed ? "passed" : "failed")), ("reason", result.reason.map { .string($0) } ?? .null),
                    ("at", .string(WebhookEvent.timestamp(result.at))),
                ])
            }
            return .object([
                ("uid", .int(neuron.uid)), ("hotkey", .string(neuron.hotkey)), ("device", device.map { .string($0.device) } ?? .null),
                ("count", .int(device?.count ?? 0)), ("score", .double(device?.score ?? 0)), ("incentive", .double(neuron.incentive)),
                ("allocated", .bool(rented.contains(neuron.hotkey))), ("last_pog", last ?? .null),
            ])
        }
        return APIResponse.json(
            .object([
                ("success", .bool(true)), ("message", .string("List miners successfully.")), ("data", .array(items)),
                ("block", .int(block)), ("netuid", .int(netuid)),
            ]))
    }

    func pogHistory(_ api: APIRequest, _ key: APIKey) async throws(APIFailure) -> APIAnswer {
        let hotkey = try api.query("hotkey")
        let limitText = api.optionalQuery("limit") ?? "50"
        guard let limit = Int(limitText), (1...500).contains(limit) else { throw .validation("limit", "must be a whole number 1…500") }
        guard let store = rentals.directory.results else {
            throw APIFailure(404, "No Proof-of-GPU history", "this API was started without --validator.store")
        }
        let results: [ProofOfGPUResult]
        do { results = try await store.history(hotkey: hotkey, limit: limit) } catch {
            throw .internalError(error, while: "reading Proof-of-GPU history")
        }
        return APIResponse.success(
            "List Proof-of-GPU history successfully.",
            data: .array(
                results.reversed().map { result in
                    .object([
                        ("at", .string(WebhookEvent.timestamp(result.at))), ("result", .string(result.passed ? "passed" : "failed")),
                        ("score", .double(result.score)), ("device", result.device.map { .string($0) } ?? .null),
                        ("count", .int(result.count ?? 0)),
                        ("reason", result.reason.map { .string($0) } ?? .null),
                        ("seconds", .double((result.elapsedSeconds * 100).rounded() / 100)),
                    ])
                }))
    }
}
