import Foundation
import Miner
import Testing

/// What survives the miner's death: no orphaned container, a consistent store, timelines that
/// still expire.
@Suite("miner restarts", .serialized)
struct MinerRecoveryTests {
    @Test("kill -9 while a container is being created, restart: no orphan, store consistent")
    func killedWhileCreating() async throws {
        let bed = try MinerTestbed(validators: 1)
        try await bed.startMiner()
        let (_, publicKey) = try MinerTestbed.keygen()
        // The request runs in the background; the miner dies as soon as its container exists.
        let request = Task.detached {
            _ = try? bed.allocate(MinerLifecycleTests.allocation(publicKey: publicKey), from: ["v0"], timeout: 20)
        }
        var appeared = false
        for _ in 0..<400 where !appeared {
            appeared = try await !bed.containers().isEmpty
            if !appeared { try await Task.sleep(for: .milliseconds(10)) }
        }
        bed.stopMiner(signal: SIGKILL)
        #expect(appeared, "the miner created a container")
        await request.value

        try await bed.startMiner()
        defer { bed.stopMiner() }
        let containers = try await bed.containers()
        let alive = try bed.output(["timeline": 0, "checking": true, "public_key": publicKey])
        let free = try bed.output(["timeline": 1, "checking": true])
        if alive["status"] as? Bool == true {
            // The allocation had finished before the kill: it is kept, with its one container.
            #expect(containers.count == 1)
            #expect(free["status"] as? Bool == false)
            #expect(try bed.output(["timeline": 0, "checking": false, "public_key": publicKey])["status"] as? Bool == true)
        } else {
            #expect(containers.isEmpty, "the half-made container was removed at start-up: \(bed.minerLog)")
            #expect(free["status"] as? Bool == true, "and the slot is free")
            #expect(bed.minerLog.contains("interrupted while creating"), "\(bed.minerLog)")
        }
        #expect(try await bed.containers().isEmpty)
        #expect(bed.minerLog.contains("reconcile"), "\(bed.minerLog)")
    }

    @Test("an expired timeline deallocates on its own, also across a restart")
    func timelineExpiry() async throws {
        let bed = try MinerTestbed(validators: 1)
        // One timeline day lasts 4 s here.
        let fastDays = ["--miner.timeline-unit-seconds", "4", "--miner.expiry-check-seconds", "0.5"]
        try await bed.startMiner(fastDays)
        let (_, publicKey) = try MinerTestbed.keygen()
        #expect(try bed.output(MinerLifecycleTests.allocation(publicKey: publicKey))["status"] as? Bool == true)
        #expect(try await bed.containers().count == 1)
        var gone = false
        for _ in 0..<100 where !gone {
            try await Task.sleep(for: .milliseconds(200))
            gone = try await bed.containers().isEmpty
        }
        #expect(gone, "expired while running: \(bed.minerLog)")
        #expect(bed.minerLog.contains("timeline expired"))

        // Allocate again, stop the miner, let the timeline pass while it is down, restart.
        #expect(try bed.output(MinerLifecycleTests.allocation(publicKey: publicKey))["status"] as? Bool == true)
        bed.stopMiner()
        #expect(try await bed.containers().count == 1, "a clean stop keeps the rental running")
        try await Task.sleep(for: .seconds(5))
        try await bed.startMiner(fastDays)
        defer { bed.stopMiner() }
        gone = false
        for _ in 0..<50 where !gone {
            gone = try await bed.containers().isEmpty
            if !gone { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(gone, "expired across the restart: \(bed.minerLog)")
        #expect(try bed.output(["timeline": 1, "checking": true])["status"] as? Bool == true)
    }
}
