import Foundation
import Miner
import Testing

/// Allocations under faults on the miner: a requester whose deadline ends mid-creation, and a
/// deallocation that stopped half-way. Nothing may be left behind, and "not allocated" may only
/// be said of an allocation that is gone, because requesters take it as their confirmation.
@Suite("allocations under faults", .serialized)
struct AllocationFaultTests {
    @Test("a requester's deadline ends mid-creation: the cancelled handler still removes its container, and the next allocation succeeds")
    func cancelledCreation() async throws {
        let bed = try MinerTestbed(validators: 1)
        // Upkeep every 2 s: it also removes a container the engine finished making after its
        // abandoned creation was cleaned up. Each creation waits 3 s once its container started,
        // so the deadline below always ends mid-creation, however fast this machine makes one.
        try await bed.startMiner(["--miner.expiry-check-seconds", "2", "--miner.creation-pause-seconds", "3"])
        defer { bed.stopMiner() }
        let (_, publicKey) = try MinerTestbed.keygen()
        // A 0.01 s timeout: the axon cancels the handler half a second in (its grace), while the
        // creation waits.
        let hurried = try bed.allocate(MinerLifecycleTests.allocation(publicKey: publicKey), from: ["v0"], timeout: 0.01)
        #expect((hurried.first?["output"] as? [String: Any])?["status"] as? Bool != true, "\(hurried)")
        var cut = false
        for _ in 0..<40 where !cut {
            cut = bed.minerLog.contains("failed, removing what was made")
            if !cut { try await Task.sleep(for: .milliseconds(500)) }
        }
        #expect(cut, "the creation was cut short: \(bed.minerLog.suffix(1_500))")
        // The cleanup ran although its task was cancelled: no container stays (it held the SSH port).
        var leftovers = -1
        for _ in 0..<40 {
            leftovers = try await bed.containers().count
            if leftovers == 0 { break }
            try await Task.sleep(for: .milliseconds(500))
        }
        #expect(leftovers == 0, "containers left: \(leftovers)\n\(bed.minerLog.suffix(2_000))")
        let (privateKey, next) = try MinerTestbed.keygen()
        var output = [String: Any]()
        for _ in 0..<10 {
            output = try bed.output(MinerLifecycleTests.allocation(publicKey: next))
            if output["status"] as? Bool == true { break }
            // A record whose cleanup is still finishing answers "busy" for a moment.
            try await Task.sleep(for: .seconds(1))
        }
        #expect(output["status"] as? Bool == true, "the slot is usable again: \(output)\n\(bed.minerLog.suffix(2_000))")
        let info = try #require(output["info"] as? String)
        let password = try #require(try MinerTestbed.decrypt(info, privateKey: privateKey)["password"] as? String)
        #expect(try bed.ssh(password: password, "true").status == 0)
        #expect(try bed.output(["timeline": 0, "checking": false, "public_key": next])["status"] as? Bool == true)
    }

    @Test("a deallocation stopped half-way is finished when its owner asks again, never answered as already gone")
    func halfFinishedRelease() async throws {
        let bed = try MinerTestbed(validators: 1)
        try await bed.startMiner()
        defer { bed.stopMiner() }
        let (_, publicKey) = try MinerTestbed.keygen()
        #expect(try bed.output(MinerLifecycleTests.allocation(publicKey: publicKey))["status"] as? Bool == true, "\(bed.minerLog)")
        #expect(try await bed.containers().count == 1)

        // What a release that failed after its first step leaves: the record `terminating`, the
        // container still there (an engine error, a kill -9 between the two).
        let store = try AllocationStore(path: bed.root + "/state/miner.sqlite")
        let live = try #require(try await store.live())
        try await store.update(live.id, to: .terminating)

        // A requester retrying its release hears the truth: done only when the container is gone.
        let retried = try bed.output(["timeline": 0, "checking": false, "public_key": publicKey])
        #expect(retried["status"] as? Bool == true, "\(retried)")
        #expect(try await bed.containers().isEmpty, "the half-done deallocation was finished")
        #expect(try await store.live() == nil)
        // Only now does a release answer that nothing is allocated.
        let again = try bed.output(["timeline": 0, "checking": false, "public_key": publicKey])
        #expect(again["status"] as? Bool == false && "\(again["reason"] ?? "")".contains("no allocation is live"), "\(again)")
    }
}
