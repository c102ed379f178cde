import ComputeProtocol
import Foundation
import Testing
import _CryptoExtras
@testable import Miner

/// ``AllocationManager`` over an in-memory engine and its real SQLite store: creation and its
/// rollback at each step, actions and their states, deallocation that fails half-way and is
/// finished later, expiry and start-up reconciliation. The same paths run against Podman in
/// `MinerLifecycleTests` and `AllocationFaultTests`.
@Suite("allocation manager, without a container engine")
struct AllocationManagerUnitTests {
    static let miner = "5MinerHotkey"
    static let machine = MachineSpecs(logicalCPUs: 8, physicalCPUs: 4, memoryBytes: 16 << 30)

    /// A manager, its engine and store in a scratch folder; sshd "answers" unless `sshAnswers` is false.
    static func make(sshAnswers: Bool = true, pogWorker: String? = nil) throws -> (AllocationManager, MemoryEngine, AllocationStore) {
        let directory = NSTemporaryDirectory() + "allocation-unit-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try AllocationStore(path: directory + "/allocations.sqlite")
        let engine = MemoryEngine()
        let manager = AllocationManager(
            configuration: .init(
                sshImage: "nicompute-ssh:test", sshPort: 4444, userPorts: [UserPort(internalPort: 27_015, externalPort: 27_015)],
                minerHotkey: miner, timelineUnitSeconds: 60, pogWorker: pogWorker),
            store: store, docker: engine, machine: machine,
            sshReady: { port, _ in if !sshAnswers { throw SSHReadiness.NotReady(port: port) } })
        return (manager, engine, store)
    }

    /// The renter's key pair (PEM), made once.
    static let keys: (private: String, public: String) = {
        guard let key = try? _RSA.Encryption.PrivateKey(keySize: .bits2048) else { return ("", "") }
        return (key.pemRepresentation, key.publicKey.pemRepresentation)
    }()
    static var publicKey: String { keys.public }

    static func allocate(_ manager: AllocationManager, owner: String = "5Renter", days: Int = 1) async throws(AllocationRefusal)
        -> AllocationManager.Created
    {
        try await manager.allocate(
            owner: owner, publicKey: publicKey, timelineDays: days, resources: ResourceRequest(cpuCount: 1, memoryBytes: 1 << 30),
            container: ContainerRequest())
    }

    @Test("an allocation: recorded, its container created with this miner's labels and started, credentials set and sealed to the caller")
    func allocates() async throws {
        let (manager, engine, store) = try Self.make()
        let created = try await Self.allocate(manager)
        #expect(created.record.state == .running)
        #expect(try await store.live()?.state == .running)
        let container = try #require(engine.containers.first)
        #expect(engine.containers.count == 1 && container.status == "running")
        #expect(
            container.labels[RentalContainer.minerLabel] == Self.miner
                && container.labels[RentalContainer.allocationLabel] == created.record.id)
        let credentials = try AllocationCredentials.open(created.sealedCredentials, privateKeyPEM: Self.keys.private)
        #expect(credentials.port == 4444 && credentials.externalUserPorts.map(\.internalPort) == [27_015])
        #expect(engine.execEnvironments.first?.contains("NICOMPUTE_PASSWORD=\(credentials.password)") == true)
        #expect(try await manager.isAllocated(publicKey: Self.publicKey))
        // One allocation at a time.
        await #expect(throws: AllocationRefusal.busy) { try await Self.allocate(manager) }
    }

    @Test(
        "a creation that fails at any step leaves no container and no live record",
        arguments: [
            MemoryEngine.Operation.create, .start, .exec,
        ])
    func rollsBack(failing step: MemoryEngine.Operation) async throws {
        let (manager, engine, store) = try Self.make()
        engine.fail(step)
        await #expect(throws: AllocationRefusal.self) { try await Self.allocate(manager) }
        #expect(engine.containers.isEmpty, "\(engine.containers)")
        #expect(try await store.live() == nil)
        engine.heal()
        _ = try await Self.allocate(manager)
    }

    @Test("credentials that cannot be set, or an sshd that never answers, roll back too")
    func rollsBackLateSteps() async throws {
        let (manager, engine, store) = try Self.make()
        engine.execExits(with: 1)
        await #expect(throws: AllocationRefusal.self) { try await Self.allocate(manager) }
        let afterExec = try await store.live()
        #expect(engine.containers.isEmpty && afterExec == nil)

        let (silent, silentEngine, silentStore) = try Self.make(sshAnswers: false)
        await #expect(throws: AllocationRefusal.self) { try await Self.allocate(silent) }
        let afterSSH = try await silentStore.live()
        #expect(silentEngine.containers.isEmpty && afterSSH == nil)
    }

    @Test("a rollback whose removal fails stays terminating; upkeep finishes it once the engine answers")
    func rollbackFinishedByUpkeep() async throws {
        let (manager, engine, store) = try Self.make()
        engine.fail(.exec, .remove)
        await #expect(throws: AllocationRefusal.self) { try await Self.allocate(manager) }
        #expect(try await store.live()?.state == .terminating)
        #expect(engine.containers.count == 1)
        engine.heal()
        #expect(await manager.expireDue() == 1)
        let afterUpkeep = try await store.live()
        #expect(engine.containers.isEmpty && afterUpkeep == nil)
    }

    @Test("actions: pause, unpause, restart and a key exchange in the states that allow them; others refused by name")
    func actions() async throws {
        let (manager, engine, store) = try Self.make()
        _ = try await Self.allocate(manager)
        let owner = "5Renter"
        await #expect(throws: AllocationRefusal.wrongState("unpause: the container is running, not paused")) {
            try await manager.perform(.unpause, publicKey: Self.publicKey, caller: owner)
        }
        try await manager.perform(.pause, publicKey: Self.publicKey, caller: owner)
        #expect(try await store.live()?.state == .paused && engine.containers.first?.status == "paused")
        await #expect(throws: AllocationRefusal.self) { try await manager.perform(.restart, publicKey: Self.publicKey, caller: owner) }
        try await manager.perform(.unpause, publicKey: Self.publicKey, caller: owner)
        try await manager.perform(.restart, publicKey: Self.publicKey, caller: owner)
        let key = try SSHPublicKey.optional(
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx1c2VyLWtleS1mb3ItdGVzdHMtb25seS0xMjM0NTY3OA== user", field: "ssh_key")
        try await manager.perform(.exchangeKey(try #require(key), slot: .user), publicKey: Self.publicKey, caller: owner)
        #expect(engine.execEnvironments.last?.contains("NICOMPUTE_KEY_SLOT=user") == true)
        await #expect(throws: AllocationRefusal.notOwner("the live allocation belongs to another hotkey")) {
            try await manager.perform(.pause, publicKey: Self.publicKey, caller: "5Stranger")
        }
        engine.fail(.pause)
        await #expect(throws: AllocationRefusal.self) { try await manager.perform(.pause, publicKey: Self.publicKey, caller: owner) }
        #expect(try await store.live()?.state == .running, "a failed pause leaves the state as it was")
    }

    @Test("a deallocation that fails half-way is finished when asked again; only then is it gone")
    func deallocation() async throws {
        let (manager, engine, store) = try Self.make()
        _ = try await Self.allocate(manager)
        engine.fail(.remove)
        await #expect(throws: AllocationRefusal.self) { try await manager.deallocate(publicKey: Self.publicKey, caller: "5Renter") }
        #expect(try await store.live()?.state == .terminating)
        #expect(try await !manager.isAvailable())
        engine.heal()
        try await manager.deallocate(publicKey: Self.publicKey, caller: "5Renter")
        let available = try await manager.isAvailable()
        #expect(engine.containers.isEmpty && available)
        await #expect(throws: AllocationRefusal.notAllocated) { try await manager.deallocate(publicKey: Self.publicKey, caller: "5Renter") }
    }

    @Test("expiry ends an allocation past its timeline and removes orphans; a live one is kept")
    func expiry() async throws {
        let (manager, engine, _) = try Self.make()
        let created = try await Self.allocate(manager)
        let orphan = engine.add(
            name: "nicompute-rental-orphan", labels: [RentalContainer.minerLabel: Self.miner, RentalContainer.allocationLabel: "old"])
        let foreign = engine.add(name: "someone-else", labels: [RentalContainer.minerLabel: "5OtherMiner"])
        #expect(await manager.expireDue(now: created.record.createdAt + 1) == 0)
        #expect(
            Set(engine.containers.map(\.id)) == [created.record.containerID ?? "", foreign],
            "the orphan goes, ours and the foreign one stay")
        _ = orphan
        #expect(await manager.expireDue(now: created.record.expiresAt + 1) == 1)
        #expect(engine.containers.map(\.id) == [foreign])
    }

    @Test(
        "reconcile at start-up: orphans removed, an interrupted creation closed, a missing container's record closed, a half-done deallocation finished"
    )
    func reconcile() async throws {
        // Interrupted while creating: the record is `creating` and its container half-made.
        let (manager, engine, store) = try Self.make()
        let record = AllocationRecord(
            id: "a1", state: .creating, ownerHotkey: "5Renter", publicKey: Self.publicKey, containerName: "nicompute-rental-a1",
            sshPort: 4444, testing: false, resources: ResourceRequest(), createdAt: 0, expiresAt: 1e12)
        try await store.begin(record)
        _ = engine.add(
            name: "nicompute-rental-a1", labels: [RentalContainer.minerLabel: Self.miner, RentalContainer.allocationLabel: "a1"],
            status: "created")
        _ = engine.add(
            name: "nicompute-rental-old", labels: [RentalContainer.minerLabel: Self.miner, RentalContainer.allocationLabel: "old"])
        try await manager.reconcile()
        let afterCreating = try await store.live()
        #expect(engine.containers.isEmpty && afterCreating == nil)

        // Running, but its container is gone.
        let created = try await Self.allocate(manager)
        engine.heal()
        try await engine.removeContainer(created.record.containerReference)
        try await manager.reconcile()
        #expect(try await store.live() == nil)

        // Terminating: finished.
        _ = try await Self.allocate(manager)
        engine.fail(.remove)
        await #expect(throws: AllocationRefusal.self) { try await manager.deallocate(publicKey: Self.publicKey, caller: "5Renter") }
        engine.heal()
        try await manager.reconcile()
        let afterTerminating = try await store.live()
        #expect(engine.containers.isEmpty && afterTerminating == nil)
    }

    @Test("a test allocation gets the miner's worker, mounted read-only and copied into place; a rental never; a failed copy is not fatal")
    func placesTheWorker() async throws {
        let worker = "/srv/miner/nicompute-pog"  // any host path: the engine here is in memory
        let (manager, engine, _) = try Self.make(pogWorker: worker)
        let testing = ResourceRequest(cpuCount: 1, memoryBytes: 1 << 30, testing: true)
        let test = try await manager.allocate(
            owner: "5Validator", publicKey: Self.publicKey, timelineDays: 1, resources: testing, container: ContainerRequest())
        #expect(engine.containers.first?.binds == ["\(worker):\(RentalContainer.workerMount):ro"])
        #expect(engine.execCommands.last == ["/bin/sh", "-c", RentalContainer.placeWorkerScript])
        #expect(RentalContainer.placeWorkerScript.contains("target=\(TestContainerLayout.workerPath)"))
        try await manager.deallocate(publicKey: Self.publicKey, caller: "5Validator")

        let commandsBefore = engine.execCommands.count
        _ = try await Self.allocate(manager)
        #expect(engine.containers.last?.binds == [], "a rental is not given the worker")
        #expect(!engine.execCommands.dropFirst(commandsBefore).contains { $0.last == RentalContainer.placeWorkerScript })
        try await manager.deallocate(publicKey: Self.publicKey, caller: "5Renter")

        // The copy failing (an image without cp, a full disk) leaves the test allocation standing.
        let (failing, failingEngine, failingStore) = try Self.make(pogWorker: worker)
        failingEngine.execFails(containing: RentalContainer.workerMount)
        let standing = try await failing.allocate(
            owner: "5Validator", publicKey: Self.publicKey, timelineDays: 1, resources: testing, container: ContainerRequest())
        #expect(standing.record.state == .running && test.record.testing)
        #expect(try await failingStore.live()?.state == .running && failingEngine.containers.count == 1)
    }
}
