import BittensorNetwork
import ComputeProtocol
import Hummingbird

/// `/list/…`: rentals (the caller's own; all for an admin) and resources. The reference read
/// these from WandB; here they come from the chain's metagraph, the validator's verified devices,
/// the miners' own `Specs` answers (``HardwareCatalog``) and this API's rentals (README,
/// "Register API", lists each field's source).
struct ListRoutes: Sendable {
    let rentals: RentalService
    let listing: ResourceListing

    init(rentals: RentalService) {
        self.rentals = rentals
        listing = ResourceListing(directory: rentals.directory, hardware: rentals.hardware, store: rentals.store)
    }

    func allocations(_ api: APIRequest, _ key: APIKey) async throws(APIFailure) -> APIAnswer {
        let visible: [RentalRecord]
        do { visible = try await rentals.store.rentals(visibleTo: key) } catch { throw .internalError(error, while: "listing allocations") }
        guard !visible.isEmpty else {
            return APIResponse.json(
                .object([
                    ("success", .bool(false)), ("message", .string("No resources found.")),
                    ("data", .string("No allocated resources found. Allocate a resource with validator.")),
                ]), status: .notFound)
        }
        return APIResponse.success("List allocations successfully.", data: .array(visible.map(\.allocationJSON)))
    }

    /// `resources_sql`: verified miners with their hardware, reserved ones marked.
    func resources(_ api: APIRequest, _ key: APIKey) async throws(APIFailure) -> APIAnswer {
        try await listResources(api, wandb: false)
    }

    /// `resources_wandb`: the same rows with total RAM; reserved miners only in `stats`.
    func resourcesWandb(_ api: APIRequest, _ key: APIKey) async throws(APIFailure) -> APIAnswer {
        try await listResources(api, wandb: true)
    }

    /// From the listing's snapshot (``ResourceListing``): rows rendered once per change of
    /// miners, devices, hardware or rentals, answers kept with their ETag.
    private func listResources(_ api: APIRequest, wandb: Bool) async throws(APIFailure) -> APIAnswer {
        let stats = try api.flag("stats")
        let request = ResourceSnapshot.Request(
            query: try ResourceQuery.parse(api.body), wandb: wandb, stats: stats, page: stats ? nil : try PageWindow.Request.read(api))
        let snapshot = await listing.current()
        guard !snapshot.isEmpty else { throw APIFailure(404, "There is no resource available", "no miner has a verified device yet") }
        return snapshot.answer(request)
    }

    func countAllGPUs(_ api: APIRequest, _ key: APIKey) async throws(APIFailure) -> APIAnswer {
        let verified = await rentals.directory.verified()
        let served = Set(await rentals.directory.candidates(gpuType: "").map(\.target.hotkey))
        let count = verified.filter { served.contains($0.key) }.values.reduce(0) { $0 + $1.count }
        return APIResponse.json(.object([("count", .int(count))]))
    }

    func countByModel(_ api: APIRequest, _ key: APIKey) async throws(APIFailure) -> APIAnswer {
        let model = try api.query("model").lowercased()
        let count = await rentals.directory.candidates(gpuType: "").filter { $0.device.lowercased() == model }.count
        return APIResponse.json(.object([("count", .int(count))]))
    }

    /// One page of `items` as the reference pages them (``PageWindow``), rendering only that page.
    static func page<Item>(_ items: [Item], _ api: APIRequest, render: (Item) -> JSONValue) throws(APIFailure) -> JSONValue {
        let window = PageWindow(try PageWindow.Request.read(api), count: items.count)
        return window.pageObject(items: items[window.start..<window.end].map(render))
    }
}
