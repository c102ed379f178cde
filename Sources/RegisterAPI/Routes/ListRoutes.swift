import BittensorNetwork
import ComputeProtocol
import Hummingbird

/// `/list/…`: rentals (the caller's own; all for an admin) and resources. The reference read
/// these from WandB; here they come from the chain's metagraph, the validator's verified devices,
/// the miners' own `Specs` answers (``HardwareCatalog``) and this API's rentals (README,
/// "Register API", lists each field's source).
struct ListRoutes: Sendable {
    let rentals: RentalService

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
        try await listResources(api, ram: "available", skipReserved: false)
    }

    /// `resources_wandb`: the same rows with total RAM; reserved miners only in `stats`.
    func resourcesWandb(_ api: APIRequest, _ key: APIKey) async throws(APIFailure) -> APIAnswer {
        try await listResources(api, ram: "total", skipReserved: !(try api.flag("stats")))
    }

    private func listResources(_ api: APIRequest, ram: String, skipReserved: Bool) async throws(APIFailure) -> APIAnswer {
        let query = try ResourceQuery.parse(api.body)
        let stats = try api.flag("stats")
        let candidates = await rentals.directory.candidates(gpuType: "")
        guard !candidates.isEmpty else { throw APIFailure(404, "There is no resource available", "no miner has a verified device yet") }
        let rented = Set(((try? await rentals.store.allRentals()) ?? []).map(\.hotkey))
        let verified = await rentals.directory.verified()
        let specs = await rentals.hardware.specs(of: candidates.map(\.target))
        let rows = candidates.compactMap { candidate -> ResourceRow? in
            let hotkey = candidate.target.hotkey, machine = specs[hotkey]
            let row = ResourceRow(
                hotkey: hotkey, cpuCount: Self.int(machine?["cpu"]?["count"]) ?? 0, gpuName: candidate.device.lowercased(),
                gpuCapacity: ResourceRow.gib(Self.int(machine?["gpu"]?["capacity"]), divisor: 1024),
                gpuCount: verified[hotkey]?.count ?? 1, ram: ResourceRow.gib(Self.int(machine?["ram"]?[ram]), divisor: 1 << 30),
                hardDisk: ResourceRow.gib(Self.int(machine?["hard_disk"]?["free"]), divisor: 1 << 30), reserved: rented.contains(hotkey))
            return query.admits(row) && !(skipReserved && row.reserved) ? row : nil
        }
        if stats {
            let reserved = rows.filter(\.reserved).count
            return APIResponse.success(
                "List resources successfully",
                data: .object([
                    (
                        "stats",
                        .object([
                            ("available", .int(rows.count - reserved)), ("reserved", .int(reserved)), ("total", .int(rows.count)),
                        ])
                    )
                ]))
        }
        // Only the page asked for is rendered.
        return APIResponse.success("List resources successfully", data: try Self.page(rows, api) { $0.json })
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

    static func int(_ value: JSONValue?) -> Int? {
        switch value {
        case let .int(number)?: number
        case let .double(number)? where number.rounded() == number && abs(number) < 9e18: Int(number)
        default: nil
        }
    }

    /// The reference's pagination: all items as one page unless `page_number` is given.
    static func page<Item>(_ items: [Item], _ api: APIRequest, render: (Item) -> JSONValue) throws(APIFailure) -> JSONValue {
        guard let pageText = api.optionalQuery("page_number") else {
            return .object([
                ("page_items", .array(items.map(render))), ("page_number", .int(1)), ("page_size", .int(items.count)),
                ("next_page_number", .null),
            ])
        }
        guard let page = Int(pageText), page >= 1 else { throw .validation("page_number", "must be a whole number of at least 1") }
        guard let size = Int(api.optionalQuery("page_size") ?? "50"), size >= 1, size <= 1_000 else {
            throw .validation("page_size", "must be a whole number 1…1000")
        }
        // page comes from the caller: (page − 1) × size may not fit in an Int; past the end is empty.
        let (offset, overflow) = (page - 1).multipliedReportingOverflow(by: size)
        let start = overflow ? items.count : min(items.count, offset)
        let end = start + min(size, items.count - start)
        return .object([
            ("page_items", .array(items[start..<end].map(render))), ("page_number", .int(page)), ("page_size", .int(size)),
            ("next_page_number", end < items.count ? .int(page + 1) : .null),
        ])
    }
}
