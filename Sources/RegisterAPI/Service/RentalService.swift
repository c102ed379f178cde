import BittensorNetwork
import ComputeProtocol
import Foundation
import Logging
import _CryptoExtras

/// Rents miners out for API clients: chooses and allocates (rolling back on any failure, so a
/// miner that dies mid-allocation leaves neither a row nor a container), acts on a rental for
/// its owner only, and releases it.
public struct RentalService: Sendable {
    public let store: any RentalStore
    public let directory: MinerDirectory
    public let dendrite: Dendrite
    /// Status changes of rentals, for WebSocket clients.
    public let events: RentalEvents
    /// The miners' hardware, from their `Specs` answers.
    public let hardware: HardwareCatalog
    private let logger: Logger

    public init(
        store: any RentalStore, directory: MinerDirectory, dendrite: Dendrite, events: RentalEvents = RentalEvents(),
        logger: Logger = Logger(label: "api.rentals")
    ) {
        self.store = store
        self.directory = directory
        self.dendrite = dendrite
        self.events = events
        self.hardware = HardwareCatalog(store: store, dendrite: dendrite)
        self.logger = logger
    }

    // MARK: - Allocate

    /// `allocate_spec`: the best verified candidate that is free and meets the requirement.
    public func allocate(spec: SpecRequirement, docker: JSONValue, owner: APIKey) async throws(APIFailure) -> RentalRecord {
        let candidates = await directory.candidates(gpuType: spec.gpuSize == 0 ? "" : spec.gpuType)
        guard !candidates.isEmpty else { throw APIFailure(404, "Fail to allocate resource", "Requested resource is not available.") }
        // Availability of every candidate at once; the reference asked them one batch, in order.
        let free = await withTaskGroup(of: (Int, Bool).self) { group in
            for (index, candidate) in candidates.enumerated() {
                group.addTask {
                    let check = Allocate.availabilityCheck(timeline: spec.timelineDays, deviceRequirement: spec.deviceRequirement)
                    let answer = await dendrite.call(check, to: candidate.target.axon, timeout: 12)
                    return (index, answer.answer.status)
                }
            }
            var free = Set<Int>()
            for await (index, ok) in group where ok { free.insert(index) }
            return free
        }
        for (index, candidate) in candidates.enumerated() where free.contains(index) {
            do {
                return try await allocate(
                    on: candidate.target, resource: candidate.device, timeline: spec.timelineDays,
                    deviceRequirement: spec.deviceRequirement, docker: docker, owner: owner)
            } catch {
                logger.info("api: allocation on uid \(candidate.target.uid) failed, trying the next: \(error)")
            }
        }
        throw APIFailure(404, "Fail to allocate resource", "Requested resource is not available.")
    }

    /// `allocate_hotkey`: that miner, with the reference's small requirement.
    public func allocate(hotkey: String, docker: JSONValue, owner: APIKey) async throws(APIFailure) -> RentalRecord {
        guard let target = directory.target(hotkey: hotkey) else {
            throw APIFailure(404, "Fail to allocate resource", "hotkey \(hotkey) is not a served miner of this subnet")
        }
        let requirement = DeviceRequirement.minimal(testing: false).json
        let device = await directory.verified()[hotkey]?.device ?? ""
        do {
            return try await allocate(
                on: target, resource: device, timeline: 30, deviceRequirement: requirement, docker: docker, owner: owner)
        } catch {
            throw APIFailure(404, "Fail to allocate resource", error.description)
        }
    }

    private func allocate(
        on target: MinerTarget, resource: String, timeline: Int, deviceRequirement: JSONValue, docker: JSONValue,
        owner: APIKey
    ) async throws(APIFailure) -> RentalRecord {
        let key: _RSA.Encryption.PrivateKey
        do { key = try _RSA.Encryption.PrivateKey(keySize: .bits2048) } catch {
            throw .internalError(error, while: "making an allocation key")
        }
        let publicKey = key.publicKey.pemRepresentation
        // Intent first: should this instance die during the call, the leader finds the row and
        // releases what the miner made (``settleStaleAllocations(olderThan:)``).
        let uuid = UUID().uuidString.lowercased()
        do {
            try await store.beginAllocation(
                PendingAllocation(
                    uuid: uuid, ownerKeyID: owner.id, hotkey: target.hotkey, regkey: publicKey,
                    createdAt: Date().timeIntervalSince1970))
        } catch { throw .internalError(error, while: "recording an allocation before asking the miner") }
        let request = Allocate.allocation(
            publicKey: publicKey, timeline: timeline, deviceRequirement: deviceRequirement, dockerRequirement: docker)
        let answer = await dendrite.call(request, to: target.axon, timeout: 100)
        guard answer.answer.status, let info = answer.answer.info else {
            // No answer may still mean a container: release whatever was made with our key. A
            // refusal (HTTP 200) made nothing.
            if answer.common.dendrite?.statusCode != 200 {
                await settle(uuid: uuid, on: target, publicKey: publicKey)
            } else {
                try? await store.abandonAllocation(uuid: uuid)
            }
            throw APIFailure(404, "Fail to allocate resource", answer.failureReason)
        }
        do {
            let credentials = try AllocationCredentials.open(info, privateKeyPEM: key.pemRepresentation)
            var sshKey = ""
            if case let .string(text)? = docker["ssh_key"] { sshKey = text }
            let rental = RentalRecord(
                uuid: uuid, ownerKeyID: owner.id, hotkey: target.hotkey, ip: target.ip, port: credentials.port,
                username: credentials.username, password: credentials.password, regkey: publicKey, sshKey: sshKey, resource: resource,
                minerVersion: directory.version(hotkey: target.hotkey), createdAt: Date().timeIntervalSince1970,
                userPorts: credentials.externalUserPorts)
            try await store.finishAllocation(rental)
            await events.publish(status: "ALLOCATED", hotkey: rental.hotkey, uuid: rental.uuid, ownerKeyID: owner.id)
            logger.info("api: uid \(target.uid) allocated to key \(owner.name) as \(rental.uuid)")
            return rental
        } catch {
            await settle(uuid: uuid, on: target, publicKey: publicKey)
            logger.warning("api: uid \(target.uid)'s allocation released: its answer could not be opened or recorded: \(error)")
            throw APIFailure(
                404, "Fail to allocate resource", "the miner's answer could not be opened or recorded; the allocation was released")
        }
    }

    // MARK: - Owner actions

    /// The rental of `hotkey` if `key` may act on it and `uuid` is its key; otherwise the
    /// reference's 404 (no rental, or not yours: the same answer, so nothing leaks) or 400.
    public func owned(hotkey: String, uuid: String, by key: APIKey, action: String) async throws(APIFailure) -> RentalRecord {
        let found: RentalRecord?
        do { found = try await store.rental(hotkey: hotkey) } catch { throw .internalError(error, while: "reading a rental") }
        guard let rental = found, key.admin || rental.ownerKeyID == key.id else { throw .notFound() }
        guard rental.uuid == uuid else { throw APIFailure(400, "\(action) not successfully, please try again.", "Invalid UUID key") }
        return rental
    }

    /// Releases the rental on its miner (three tries), then forgets it.
    public func deallocate(_ rental: RentalRecord) async throws(APIFailure) {
        guard let target = directory.target(hotkey: rental.hotkey) else {
            try? await store.delete(uuid: rental.uuid)
            return
        }
        guard await release(target, publicKey: rental.regkey) else {
            throw APIFailure(
                503, "Deallocation not successfully, please try again.", "the miner did not confirm the deallocation; the rental is kept")
        }
        do { try await store.delete(uuid: rental.uuid) } catch { throw .internalError(error, while: "deleting a released rental") }
        await events.publish(status: "DEALLOCATION", hotkey: rental.hotkey, uuid: rental.uuid, ownerKeyID: rental.ownerKeyID)
        logger.info("api: rental \(rental.uuid) on \(rental.hotkey) deallocated")
    }

    /// Sends a `docker_action` to the rental's miner; true if it answered `status: true`.
    public func act(_ rental: RentalRecord, action: DockerAction, sshKey: String = "", keyType: String = "") async throws(APIFailure)
        -> Bool
    {
        guard let target = directory.target(hotkey: rental.hotkey) else {
            throw APIFailure(404, "Miner not found", "\(rental.hotkey) is not served")
        }
        let request = Allocate.containerAction(action, publicKey: rental.regkey, sshKey: sshKey, keyType: keyType)
        let answer = await dendrite.call(request, to: target.axon, timeout: 60)
        return answer.answer.status
    }

    /// Is the miner of `hotkey` reachable, and is a container running there?
    public func status(hotkey: String, queryVersion: Bool) async -> JSONValue {
        guard let target = directory.target(hotkey: hotkey) else {
            return .object([("hotkey", .string(hotkey)), ("status", .string("Not Found"))])
        }
        if queryVersion { return .object([("hotkey", .string(hotkey)), ("version", .int(directory.version(hotkey: hotkey)))]) }
        let answer = await dendrite.call(Allocate.availabilityCheck(), to: target.axon, timeout: 10)
        // A miner that answered at all says whether it is free; anything else is no response.
        let output = answer.answer
        let status = !output.answered ? "Miner NO_RESPONSE" : output.status ? "Docker OFFLINE" : "Docker ONLINE"
        return .object([("hotkey", .string(hotkey)), ("status", .string(status))])
    }

    /// Releases the allocations whose pending rows are older than `age` seconds (their
    /// instance died or could not reach the miner), forgetting each once its miner confirms
    /// or is no longer served. Returns how many were settled.
    @discardableResult
    public func settleStaleAllocations(olderThan age: Double, now: Double = Date().timeIntervalSince1970) async -> Int {
        let stale: [PendingAllocation]
        do { stale = try await store.staleAllocations(before: now - age) } catch {
            logger.warning("api: cannot read pending allocations: \(error)")
            return 0
        }
        var settled = 0
        for pending in stale {
            guard let target = directory.target(hotkey: pending.hotkey) else {
                try? await store.abandonAllocation(uuid: pending.uuid)
                settled += 1
                continue
            }
            if await settle(uuid: pending.uuid, on: target, publicKey: pending.regkey) {
                logger.info("api: allocation \(pending.uuid) on \(pending.hotkey), left pending by an interrupted request, released")
                settled += 1
            }
        }
        return settled
    }

    // MARK: - Helpers

    /// Releases an allocation that never became a rental; its pending row goes only once the
    /// miner confirms, so an unreachable miner is asked again later.
    @discardableResult
    private func settle(uuid: String, on target: MinerTarget, publicKey: String) async -> Bool {
        guard await release(target, publicKey: publicKey) else { return false }
        try? await store.abandonAllocation(uuid: uuid)
        return true
    }

    @discardableResult
    func release(_ target: MinerTarget, publicKey: String) async -> Bool {
        await AllocationRelease.release(target, publicKey: publicKey, dendrite: dendrite, attempts: 3, timeout: 60, logger: logger)
    }
}
