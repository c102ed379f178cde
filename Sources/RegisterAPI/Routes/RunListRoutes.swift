import BittensorNetwork
import Hummingbird
import Subtensor
import ComputeProtocol

/// The listings the reference read from WandB runs (`all_runs`, `specs`, `run_by_name`,
/// `available`, `allocated_hotkeys`), in its shapes, from our own data: a "run" is a miner
/// serving an axon on the chain (named `miner-<uid>`), its `specs` its own latest `Specs`
/// answer (``HardwareCatalog``), "allocated" a rental of this API. Items are keyed by their
/// index, as the reference's.
struct RunListRoutes: Sendable {
    let rentals: RentalService
    let netuid: Int

    func allRuns(_ api: APIRequest, _ key: APIKey) async throws(APIFailure) -> APIAnswer {
        let runs = await served(hotkey: api.optionalQuery("hotkey"))
        guard !runs.isEmpty else { return APIResponse.success("No runs available", data: .object([])) }
        let specs = await rentals.hardware.specs(of: runs.map(target))
        return APIResponse.success(
            "List runs successfully",
            data: try ListRoutes.page(Array(runs.enumerated()), api) { index, neuron in
                Self.indexed(
                    index,
                    .object([
                        ("id", .string(neuron.hotkey)), ("name", .string(Self.name(neuron))), ("description", .string(description(neuron))),
                        ("configs", config(neuron, specs: specs[neuron.hotkey])), ("state", .string("running")), ("start_at", .null),
                    ]))
            })
    }

    func specs(_ api: APIRequest, _ key: APIKey) async throws(APIFailure) -> APIAnswer {
        let runs = await served(hotkey: api.optionalQuery("hotkey"))
        let specs = await rentals.hardware.specs(of: runs.map(target))
        let withSpecs = runs.filter { specs[$0.hotkey] != nil }
        guard !withSpecs.isEmpty else { return APIResponse.success("No specs available", data: .object([])) }
        return APIResponse.success(
            "List specs successfully",
            data: try ListRoutes.page(Array(withSpecs.enumerated()), api) { index, neuron in
                Self.indexed(
                    index,
                    .object([
                        ("hotkey", .string(neuron.hotkey)), ("configs", config(neuron, specs: specs[neuron.hotkey])),
                        ("specs", specs[neuron.hotkey] ?? .null), ("state", .string("running")),
                    ]))
            })
    }

    func runByName(_ api: APIRequest, _ key: APIKey) async throws(APIFailure) -> APIAnswer {
        let name = try api.query("run_name")
        guard let neuron = await served(hotkey: nil).first(where: { Self.name($0) == name }) else {
            return APIResponse.success("No run available", data: .object([]))
        }
        let specs = await rentals.hardware.specs(of: [target(neuron)])
        return APIResponse.success(
            "List run by name",
            data: Self.indexed(
                0,
                .object([
                    ("id", .string(neuron.hotkey)), ("name", .string(name)), ("description", .string(description(neuron))),
                    ("config", config(neuron, specs: specs[neuron.hotkey])),
                ])))
    }

    func available(_ api: APIRequest, _ key: APIKey) async throws(APIFailure) -> APIAnswer {
        let rented = try api.flag("rent_status")
        let allocated = Set(((try? await rentals.store.allRentals()) ?? []).map(\.hotkey))
        let runs = await served(hotkey: nil)
        let specs = await rentals.hardware.specs(of: runs.map(target))
        let matching = runs.filter { specs[$0.hotkey] != nil && allocated.contains($0.hotkey) == rented }
        guard !matching.isEmpty else { return APIResponse.success("No available miner", data: .object([])) }
        return APIResponse.success(
            rented ? "List rented miners" : "List available miners",
            data: try ListRoutes.page(Array(matching.enumerated()), api) { index, neuron in
                Self.indexed(index, .object([("hotkey", .string(neuron.hotkey)), ("details", specs[neuron.hotkey] ?? .null)]))
            })
    }

    func allocatedHotkeys(_ api: APIRequest, _ key: APIKey) async throws(APIFailure) -> APIAnswer {
        let hotkeys = ((try? await rentals.store.allRentals()) ?? []).map(\.hotkey)
        guard !hotkeys.isEmpty else {
            return APIResponse.json(
                .object([("success", .bool(false)), ("message", .string("No allocated hotkeys.")), ("data", .object([]))]),
                status: .notFound)
        }
        return APIResponse.success("List allocated hotkeys", data: .array(hotkeys.map { .string($0) }))
    }

    // MARK: - Runs from the chain

    /// Miners serving an axon, by uid; only `hotkey`'s when given.
    private func served(hotkey: String?) async -> [Neuron] {
        (rentals.directory.metagraph?.neurons ?? [])
            .filter { $0.axon.isServing && (hotkey == nil || $0.hotkey == hotkey) }
            .sorted { $0.uid < $1.uid }
    }

    private func target(_ neuron: Neuron) -> MinerTarget { MinerTarget(neuron) }

    static func name(_ neuron: Neuron) -> String { "miner-\(neuron.uid)" }

    private func description(_ neuron: Neuron) -> String { "miner uid \(neuron.uid) on subnet \(netuid)" }

    private func config(_ neuron: Neuron, specs: JSONValue?) -> JSONValue {
        .object([
            ("hotkey", .string(neuron.hotkey)), ("coldkey", .string(neuron.coldkey)), ("uid", .int(neuron.uid)), ("netuid", .int(netuid)),
            ("role", .string("miner")), ("version", .int(neuron.axon.version)), ("specs", specs ?? .null),
        ])
    }

    private static func indexed(_ index: Int, _ item: JSONValue) -> JSONValue { .object([("\(index)", item)]) }
}
