import BittensorNetwork
import ComputeProtocol
import Foundation
import Hummingbird

/// `/service/…`: allocate, deallocate, act on and check rentals, for the key's owner only.
struct ServiceRoutes: Sendable {
    let rentals: RentalService
    let gate: IdempotencyGate
    let outbox: WebhookOutbox?

    func allocateSpec(_ api: APIRequest, _ key: APIKey) async throws(APIFailure) -> APIAnswer {
        let requirements = try SpecRequirement.parse(api.body?["requirements"])
        let docker = try Self.dockerRequirement(api.body?["docker_requirement"])
        let rental = try await rentals.allocate(spec: requirements, docker: docker, owner: key)
        return APIResponse.success("Resource was successfully allocated", data: rental.allocationJSON)
    }

    func allocateHotkey(_ api: APIRequest, _ key: APIKey) async throws(APIFailure) -> APIAnswer {
        guard let hotkey = api.optionalQuery("hotkey"), !hotkey.isEmpty else {
            throw APIFailure(400, "Invalid allocation request", "Invalid hotkey, please check the hotkey")
        }
        var docker = try Self.dockerRequirement(api.body)
        docker = docker.setting("ssh_key", to: .string(api.optionalQuery("ssh_key") ?? ""))
        let rental = try await rentals.allocate(hotkey: hotkey, docker: docker, owner: key)
        return APIResponse.success("Resource was successfully allocated", data: rental.allocationJSON)
    }

    func deallocate(_ api: APIRequest, _ key: APIKey) async throws(APIFailure) -> APIAnswer {
        let rental = try await rentals.owned(
            hotkey: try api.query("hotkey"), uuid: try api.query("uuid_key"), by: key, action: "Deallocation")
        try await rentals.deallocate(rental)
        if try api.flag("notify_flag") {
            try? await outbox?.enqueue(WebhookEvent(kind: .deallocation, hotkey: rental.hotkey, uuid: rental.uuid))
            await outbox?.deliverDue()
        }
        return APIResponse.success("Resource deallocated successfully.")
    }

    func act(_ api: APIRequest, _ key: APIKey, action: DockerAction) async throws(APIFailure) -> APIAnswer {
        let (name, done) = Self.wording(action)
        let rental = try await rentals.owned(hotkey: try api.query("hotkey"), uuid: try api.query("uuid_key"), by: key, action: name)
        var sshKey = "", keyType = ""
        if action == .exchangeKey {
            sshKey = try api.query("ssh_key")
            keyType = api.optionalQuery("key_type") ?? "user"
        }
        // Unlike the reference (200 whatever the miner said for pause/unpause/exchange), a
        // refusal is reported.
        guard try await rentals.act(rental, action: action, sshKey: sshKey, keyType: keyType) else {
            throw APIFailure(400, "\(name) not successfully, please try again.", "the miner refused or did not answer")
        }
        return APIResponse.success(done)
    }

    func checkStatus(_ api: APIRequest, _ key: APIKey) async throws(APIFailure) -> APIAnswer {
        guard case let .array(items)? = api.body else { throw .validation("body", "Input should be a valid list of hotkeys") }
        var hotkeys = [String]()
        for item in items {
            guard case let .string(hotkey) = item else { throw .validation("body", "Input should be a valid list of hotkeys") }
            hotkeys.append(hotkey)
        }
        guard hotkeys.count <= 256 else { throw .validation("body", "at most 256 hotkeys") }
        let queryVersion = try api.flag("query_version")
        // Concurrently, not one after another as the reference (§6.3.37).
        let statuses = await withTaskGroup(of: (Int, JSONValue).self) { group in
            for (index, hotkey) in hotkeys.enumerated() {
                group.addTask { (index, await rentals.status(hotkey: hotkey, queryVersion: queryVersion)) }
            }
            var results = [(Int, JSONValue)]()
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
        return APIResponse.success("List hotkey status successfully.", data: .array(statuses))
    }

    /// `/test/notify`: queues one webhook and tries to deliver it now. Admin keys only: the
    /// webhook is signed with the operator's secret and names any hotkey and rental, so a
    /// renter could otherwise tell the platform that another tenant's rental went away.
    func testNotify(_ api: APIRequest, _ key: APIKey) async throws(APIFailure) -> APIAnswer {
        guard key.admin else {
            throw APIFailure(
                403, "Forbidden", "/test/notify sends operator-signed webhooks: it needs an admin key (`nicompute api keys create --admin`)"
            )
        }
        guard let outbox else { throw APIFailure(400, "Notify allocation event testing is failed", "no webhook receiver is configured") }
        let kind = WebhookEvent.Kind(rawValue: api.optionalQuery("event") ?? "DEALLOCATION") ?? .deallocation
        let event = WebhookEvent(
            kind: kind, hotkey: api.optionalQuery("hotkey") ?? "test_hotkey",
            uuid: api.optionalQuery("uuid_key") ?? UUID().uuidString.lowercased())
        do { try await outbox.enqueue(event) } catch let full as WebhookOutboxFull {
            throw APIFailure(503, "Error occurred while testing notify", full.description)
        } catch { throw .internalError(error, while: "queueing a test webhook") }
        guard await outbox.deliverDue() > 0 else {
            throw APIFailure(
                400, "Notify allocation event testing is failed", "the receiver did not accept it; it stays queued and is retried")
        }
        return APIResponse.success("Notify allocation event testing is success")
    }

    /// The reference's words for an action and its success.
    static func wording(_ action: DockerAction) -> (name: String, done: String) {
        switch action {
        case .restart: ("Restart", "Resource restarted successfully.")
        case .pause: ("Pause", "Resource paused successfully.")
        case .unpause: ("Unpause", "Resource unpaused successfully.")
        case .exchangeKey: ("Exchange key", "Resource ssh_key is exchanged successfully.")
        }
    }

    /// The reference's `DockerRequirement` with its defaults, and v2.2's port maps
    /// (`external_ports`, `external_user_ports`: objects of port → port). The miner validates the
    /// content and decides the ports itself, as v2.2's does; the mapping comes back with the rental.
    static func dockerRequirement(_ json: JSONValue?) throws(APIFailure) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("base_image", .string("ubuntu")), ("ssh_key", .string("")),
            ("volume_path", .string("/tmp")), ("dockerfile", .string("")),
            ("external_ports", .object([])), ("external_user_ports", .object([])),
        ]
        guard let json else { return .object(pairs) }
        guard case let .object(given) = json else { throw .validation("docker_requirement", "must be an object") }
        for (name, value) in given {
            guard let index = pairs.firstIndex(where: { $0.0 == name }) else { continue }
            if name.hasPrefix("external_") {
                try checkPortMap(value, field: name)
            } else {
                guard case .string = value else { throw .validation(name, "Input should be a valid string") }
            }
            pairs[index].1 = value
        }
        return .object(pairs)
    }

    /// A v2.2 port map: at most ``AllocationCredentials/maximumUserPorts`` entries, each key a
    /// name or port number and each value a TCP port.
    private static func checkPortMap(_ value: JSONValue, field: String) throws(APIFailure) {
        guard case let .object(entries) = value else { throw .validation(field, "must be an object of port → port") }
        guard entries.count <= AllocationCredentials.maximumUserPorts else {
            throw .validation(field, "at most \(AllocationCredentials.maximumUserPorts) ports")
        }
        for (key, port) in entries {
            guard key.utf8.count <= 32 else { throw .validation(field, "keys are port numbers or names of at most 32 bytes") }
            guard case let .int(number) = port, (1...65_535).contains(number) else {
                throw .validation("\(field).\(key)", "must be a TCP port (1-65535)")
            }
        }
    }
}
