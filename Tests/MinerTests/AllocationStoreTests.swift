import Foundation
import Miner
import Testing

@Suite("allocation store")
struct AllocationStoreTests {
    static func record(_ id: String) -> AllocationRecord {
        AllocationRecord(
            id: id, state: .creating, ownerHotkey: "v", publicKey: "pem", containerName: "nicompute-\(id)", sshPort: 4444,
            testing: false, resources: ResourceRequest(cpuCount: 1), createdAt: 1, expiresAt: 2)
    }

    @Test("one live allocation at a time, enforced by the database, across connections")
    func oneLive() async throws {
        let path = NSTemporaryDirectory() + "store-\(UUID().uuidString).sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try AllocationStore(path: path)
        let second = try AllocationStore(path: path)
        try await first.begin(Self.record("a"))
        await #expect(throws: AllocationRefusal.busy) { try await second.begin(Self.record("b")) }
        try await first.update("a", to: .running, containerID: "c1")
        #expect(try await second.live()?.containerID == "c1")
        #expect(try await second.live()?.state == .running)
        try await second.close("a", reason: "deallocated")
        #expect(try await first.live() == nil)
        try await second.begin(Self.record("b"))
        let history = try await first.history()
        #expect(history.map(\.id).sorted() == ["a", "b"])
        #expect(history.first { $0.id == "a" }?.endReason == "deallocated")
        #expect(history.first { $0.id == "a" }?.state == .gone)
    }

    @Test("twenty concurrent begins: exactly one wins")
    func concurrentBegins() async throws {
        let path = NSTemporaryDirectory() + "store-\(UUID().uuidString).sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let stores = try (0..<4).map { _ in try AllocationStore(path: path) }
        let wins = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<20 {
                group.addTask { (try? await stores[index % 4].begin(Self.record("r\(index)"))) != nil }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(wins == 1)
    }
}
