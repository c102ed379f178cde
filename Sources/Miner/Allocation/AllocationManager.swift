import ComputeProtocol
import Foundation
import Logging
import NIOCore

/// Owns this miner's allocation: creates, acts on and removes its container through the engine,
/// with every step recorded in the ``AllocationStore`` first, so a crash at any point is
/// repaired by ``reconcile()`` and nothing outlives its record.
///
/// The engine and the SSH readiness wait are seams (``ContainerEngine``, ``SSHReadinessCheck``):
/// rollback, reconciliation and every action are unit-tested against an in-memory engine, and
/// the same paths run against Podman in the interop tests.
public actor AllocationManager {
    public struct Configuration: Sendable {
        /// The image rental containers start from (has OpenSSH).
        public var sshImage: String
        /// `--ssh.port`: the host port mapped to the container's port 22.
        public var sshPort: Int
        /// `--external.ports`: host ports published to the rental's user ports.
        public var userPorts: [UserPort]
        /// Seconds in one day of `timeline` (86 400; the devnet and tests shorten it).
        public var timelineUnitSeconds: Double
        /// How long to wait for sshd to answer after the container starts.
        public var sshReadyTimeout: Duration
        /// This miner's hotkey, labelled on its containers.
        public var minerHotkey: String
        /// What bounds every container, asked for or not.
        public var limits: RentalLimits
        /// The worker put in test containers (``RentalContainer/placeWorkerScript``); nil: none.
        public var pogWorker: String?
        /// ``MinerConfiguration/creationPause``.
        public var creationPause: Duration

        public init(
            sshImage: String, sshPort: Int, userPorts: [UserPort] = [], minerHotkey: String, timelineUnitSeconds: Double = 86_400,
            sshReadyTimeout: Duration = .seconds(20), limits: RentalLimits = RentalLimits(), pogWorker: String? = nil,
            creationPause: Duration = .zero
        ) {
            self.creationPause = creationPause
            self.limits = limits
            self.pogWorker = pogWorker
            self.sshImage = sshImage
            self.minerHotkey = minerHotkey
            self.sshPort = sshPort
            self.userPorts = userPorts
            self.timelineUnitSeconds = timelineUnitSeconds
            self.sshReadyTimeout = sshReadyTimeout
        }
    }

    /// A new allocation's result for the caller.
    public struct Created: Sendable {
        public var record: AllocationRecord
        /// Base64 RSA-OAEP ciphertext of the credentials.
        public var sealedCredentials: String
    }

    public nonisolated let configuration: Configuration
    private let store: AllocationStore
    private let docker: any ContainerEngine
    private let machine: MachineSpecs
    private let sshReady: SSHReadinessCheck
    private let logger: Logger

    public init(
        configuration: Configuration, store: AllocationStore, docker: any ContainerEngine, machine: MachineSpecs,
        sshReady: SSHReadinessCheck? = nil, logger: Logger = Logger(label: "miner.allocation")
    ) {
        self.configuration = configuration
        self.store = store
        self.docker = docker
        self.machine = machine
        self.sshReady = sshReady ?? { port, timeout in try await SSHReadiness.wait(host: "127.0.0.1", port: port, timeout: timeout) }
        self.logger = logger
    }

    /// How long engine calls that run a command in a container may take.
    static let execTimeout: TimeAmount = .seconds(30)

    // MARK: - Queries

    /// Whether a new allocation could start now.
    public func isAvailable() async throws -> Bool { try await store.live() == nil }

    /// Whether `publicKey`'s allocation is live and its container running (the reference's
    /// `check_if_allocated`).
    public func isAllocated(publicKey: String) async throws -> Bool {
        guard let live = try await store.live(), Self.sameKey(live.publicKey, publicKey),
            live.state == .running || live.state == .paused
        else { return false }
        let status = try await docker.inspectContainer(live.containerReference)?.state.status
        return status == "running" || status == "paused"
    }

    public func live() async throws -> AllocationRecord? { try await store.live() }

    /// Refuses `resources` this machine cannot honour.
    public func checkFits(_ resources: ResourceRequest) throws(AllocationRefusal) { try resources.check(against: machine) }

    // MARK: - Allocate

    /// Creates the allocation: record first (refused if one is live), then the container, then
    /// the credentials; on any failure the container is removed and the record closed.
    public func allocate(
        owner: String, publicKey: String, timelineDays: Int, resources: ResourceRequest,
        container: ContainerRequest
    ) async throws(AllocationRefusal) -> Created {
        guard timelineDays > 0 else { throw .invalidRequest("timeline: must be at least 1 day to allocate") }
        guard timelineDays <= 3_650 else { throw .invalidRequest("timeline: at most 3650 days") }
        try resources.check(against: machine)
        let password = Self.password()
        let credentials = AllocationCredentials(password: password, port: configuration.sshPort, externalUserPorts: configuration.userPorts)
        // Sealing first: a key we cannot encrypt to is refused before anything is created.
        let sealed: String
        do { sealed = try credentials.sealed(toPublicKeyPEM: publicKey) } catch { throw .invalidRequest(error.description) }

        let id = UUID().uuidString.lowercased()
        let now = Date().timeIntervalSince1970
        var record = AllocationRecord(
            id: id, state: .creating, ownerHotkey: owner, publicKey: Self.trimmed(publicKey),
            containerName: "nicompute-\(resources.testing ? "test" : "rental")-\(id.prefix(8))", sshPort: configuration.sshPort,
            testing: resources.testing, resources: resources, createdAt: now,
            expiresAt: now + Double(timelineDays) * configuration.timelineUnitSeconds)
        try await store.begin(record)
        // A container whose creation was abandoned can still appear after its cleanup ran (the
        // engine finishes a create whose caller hung up); it would hold the SSH port.
        await removeOrphans()
        logger.info("allocation \(id): creating \(record.containerName) for \(owner) (\(timelineDays) d, testing: \(resources.testing))")
        do {
            let containerID = try await docker.createContainer(
                name: record.containerName,
                spec: RentalContainer.spec(
                    for: record, image: configuration.sshImage, miner: configuration.minerHotkey, machine: machine,
                    userPorts: configuration.userPorts, limits: configuration.limits, pogWorker: configuration.pogWorker))
            record.containerID = containerID
            try await docker.startContainer(containerID)
            if configuration.creationPause > .zero { try await Task.sleep(for: configuration.creationPause) }
            try await docker.exec(
                in: containerID, command: ["/bin/sh", "-c", RentalContainer.credentialsScript],
                environment: ["NICOMPUTE_PASSWORD=\(password)", "NICOMPUTE_USER_KEY=\(container.sshKey?.description ?? "")"],
                detach: false, timeout: Self.execTimeout
            )
            .requireSuccess("set the credentials")
            if record.testing, configuration.pogWorker != nil {
                await placeWorker(in: containerID, allocation: id)
            }
            if let setup = container.setupScript {
                try await docker.exec(
                    in: containerID, command: ["/bin/sh", "-c", RentalContainer.setupScript],
                    environment: ["NICOMPUTE_SETUP=\(setup)"], detach: true, timeout: Self.execTimeout)
            }
            try await sshReady(configuration.sshPort, configuration.sshReadyTimeout)
            try await store.update(id, to: .running, containerID: containerID)
        } catch {
            logger.warning("allocation \(id): failed, removing what was made: \(error)")
            await undo(record, reason: "creation failed: \(error)")
            throw .engine("\(error)")
        }
        record.state = .running
        logger.info("allocation \(id): running, ssh on port \(configuration.sshPort)")
        return Created(record: record, sealedCredentials: sealed)
    }

    /// Copies the mounted worker where the validator looks for it. Not fatal: without it the
    /// validator uploads its own, as it does to every miner that does not do this.
    private func placeWorker(in containerID: String, allocation id: String) async {
        do {
            try await docker.exec(
                in: containerID, command: ["/bin/sh", "-c", RentalContainer.placeWorkerScript], environment: [], detach: false,
                timeout: Self.execTimeout
            )
            .requireSuccess("place the Proof-of-GPU worker")
        } catch {
            logger.warning("allocation \(id): the worker was not placed (the validator will upload its own): \(error)")
        }
    }

    // MARK: - Deallocate and actions

    /// Ends the live allocation if `publicKey` and `caller` own it. A deallocation that failed
    /// half-way (the record `terminating`, the container perhaps still there) is finished now:
    /// "not allocated" is only ever said of an allocation that is really gone, because callers
    /// take it as confirmation.
    public func deallocate(publicKey: String, caller: String) async throws(AllocationRefusal) {
        let live = try await owned(publicKey: publicKey, caller: caller, acceptTerminating: true)
        try await end(live, reason: live.state == .terminating ? "deallocation finished for \(caller)" : "deallocated by \(caller)")
    }

    /// Applies `action` to the live allocation if `publicKey` and `caller` own it.
    public func perform(_ action: ContainerAction, publicKey: String, caller: String) async throws(AllocationRefusal) {
        let live = try await owned(publicKey: publicKey, caller: caller)
        let reference = live.containerReference
        do {
            switch action {
            case .pause:
                guard live.state == .running else { throw AllocationRefusal.wrongState("pause: the container is \(live.state.rawValue)") }
                try await docker.pauseContainer(reference)
                try await store.update(live.id, to: .paused)
            case .unpause:
                guard live.state == .paused else {
                    throw AllocationRefusal.wrongState("unpause: the container is \(live.state.rawValue), not paused")
                }
                try await docker.unpauseContainer(reference)
                try await store.update(live.id, to: .running)
            case .restart:
                guard live.state == .running else { throw AllocationRefusal.wrongState("restart: the container is \(live.state.rawValue)") }
                try await docker.restartContainer(reference, graceSeconds: 10)
                try await sshReady(live.sshPort, configuration.sshReadyTimeout)
            case let .exchangeKey(key, slot):
                guard live.state == .running else {
                    throw AllocationRefusal.wrongState("exchange_key: the container is \(live.state.rawValue)")
                }
                try await docker.exec(
                    in: reference, command: ["/bin/sh", "-c", RentalContainer.exchangeKeyScript],
                    environment: ["NICOMPUTE_KEY=\(key.description)", "NICOMPUTE_KEY_SLOT=\(slot.rawValue)"],
                    detach: false, timeout: Self.execTimeout
                )
                .requireSuccess("exchange the key")
            }
        } catch let refusal as AllocationRefusal {
            throw refusal
        } catch {
            throw .engine("\(action.name): \(error)")
        }
        logger.info("allocation \(live.id): \(action.name) done for \(caller)")
    }

    // MARK: - Upkeep

    /// Ends allocations whose timeline has passed, finishes deallocations that failed half-way
    /// (whenever their timeline ends) and removes orphaned containers; returns how many
    /// allocations ended.
    @discardableResult
    public func expireDue(now: Double = Date().timeIntervalSince1970) async -> Int {
        await removeOrphans()
        guard let live = try? await store.live(), live.state != .creating, live.expiresAt <= now || live.state == .terminating else {
            return 0
        }
        do {
            try await end(live, reason: live.state == .terminating ? "deallocation finished" : "timeline expired")
            return 1
        } catch {
            logger.warning("allocation \(live.id): expiry failed, will retry: \(error)")
            return 0
        }
    }

    /// Start-up repair: containers of ours without a live record are removed; a live record
    /// whose container is missing (or that was still `creating` when the miner died) is closed.
    public func reconcile() async throws {
        let live = try await store.live()
        let containers = try await docker.listContainers(withLabel: "\(RentalContainer.minerLabel)=\(configuration.minerHotkey)")
        for container in containers where container.labels[RentalContainer.allocationLabel] != live?.id || live?.state == .creating {
            logger.info("reconcile: removing container \(container.names.first ?? container.id) (no live allocation)")
            try await docker.removeContainer(container.id)
        }
        guard let live else { return }
        if live.state == .creating {
            try await store.close(live.id, reason: "miner stopped while creating")
            logger.info("reconcile: closed allocation \(live.id) (interrupted while creating)")
        } else if live.state == .terminating {
            try await end(live, reason: "deallocation finished at start-up")
        } else if try await docker.inspectContainer(live.containerReference) == nil {
            try await store.close(live.id, reason: "container missing at start-up")
            logger.info("reconcile: closed allocation \(live.id) (container missing)")
        } else {
            logger.info(
                "reconcile: allocation \(live.id) still \(live.state.rawValue), expires at \(Date(timeIntervalSince1970: live.expiresAt))")
        }
    }

    /// Removes this miner's containers that belong to no live allocation: what an abandoned
    /// creation left, or a crash between the engine and the store.
    private func removeOrphans() async {
        guard let live = try? await store.live().map(\.id) ?? "",
            let containers = try? await docker.listContainers(withLabel: "\(RentalContainer.minerLabel)=\(configuration.minerHotkey)")
        else { return }
        for container in containers where container.labels[RentalContainer.allocationLabel] != live {
            logger.info("allocation upkeep: removing orphaned container \(container.names.first ?? container.id)")
            try? await docker.removeContainer(container.id)
        }
    }

    // MARK: - Helpers

    private func owned(publicKey: String, caller: String, acceptTerminating: Bool = false) async throws(AllocationRefusal)
        -> AllocationRecord
    {
        let live: AllocationRecord?
        do { live = try await store.live() } catch { throw .engine("allocation store: \(error)") }
        guard let live else { throw .notAllocated }
        guard live.state != .terminating || acceptTerminating else { throw .wrongState("the allocation is being deallocated") }
        guard Self.sameKey(live.publicKey, publicKey) else { throw .notOwner("public_key: does not match the live allocation's key") }
        guard live.ownerHotkey == caller else { throw .notOwner("the live allocation belongs to another hotkey") }
        // Its owner may ask before the creation finished (a requester that timed out and
        // cleans up): "not yet", so that it asks again, rather than "nothing here".
        guard live.state != .creating else { throw .wrongState("the allocation is still being created; ask again in a moment") }
        return live
    }

    /// Removes what a failed creation made. In a task of its own: the creation may have failed
    /// because its caller's deadline cancelled it, and a cancelled task's engine calls fail at
    /// once, which left the container (holding the SSH port) behind. The record is closed only
    /// once the container is gone; otherwise it stays `terminating` and upkeep finishes it.
    private func undo(_ record: AllocationRecord, reason: String) async {
        let (docker, store, logger) = (docker, store, logger)
        await Task {
            do {
                try await docker.removeContainer(record.containerReference)
                try await store.close(record.id, reason: reason)
            } catch {
                logger.warning("allocation \(record.id): cleanup failed, upkeep retries it: \(error)")
                try? await store.update(record.id, to: .terminating)
            }
        }.value
    }

    private func end(_ record: AllocationRecord, reason: String) async throws(AllocationRefusal) {
        do {
            try await store.update(record.id, to: .terminating)
            if record.state == .paused { try? await docker.unpauseContainer(record.containerReference) }
            try await docker.stopContainer(record.containerReference, graceSeconds: 5)
            try await docker.removeContainer(record.containerReference)
            try await store.close(record.id, reason: reason)
        } catch {
            throw .engine("deallocation of \(record.id): \(error)")
        }
        logger.info("allocation \(record.id): gone (\(reason))")
    }

    static func trimmed(_ key: String) -> String { key.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// Constant-time comparison of two trimmed keys.
    static func sameKey(_ a: String, _ b: String) -> Bool {
        let x = Array(trimmed(a).utf8), y = Array(trimmed(b).utf8)
        guard x.count == y.count, !x.isEmpty else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// 24 characters from [A-Za-z0-9] (≈143 bits), from the system's CSPRNG.
    static func password() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<24).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}

extension ExecResult {
    /// Throws unless the command exited 0.
    func requireSuccess(_ what: String) throws(DockerError) {
        guard exitCode == 0 else {
            throw .api(operation: what, status: 500, message: "exit \(exitCode): \(standardError.prefix(300))")
        }
    }
}
