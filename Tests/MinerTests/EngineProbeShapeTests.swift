import Foundation
import TestSupport
@testable import Miner
import Testing

/// `scripts/container-engine.sh` proves, before any test or devnet runs, that the engine can
/// start a rental container; it sends `scripts/engine/rental-probe.json`. That proof is only
/// worth something while the file is the container the miner really makes, so it is pinned here
/// to ``RentalContainer/spec(for:image:miner:machine:)``: a field the miner starts to use (an
/// init, a limit, a binding) fails this test until the probe sends it too.
@Suite("container engine probe")
struct EngineProbeShapeTests {
    static let probeFile = TestPaths.repository.appendingPathComponent("scripts/engine/rental-probe.json")

    @Test("the engine script's probe is the rental container the miner creates, field for field")
    func probeMatchesRentalSpec() throws {
        let image = "nicompute-ssh:bookworm"
        let port = 24_242
        let text = try String(contentsOf: Self.probeFile, encoding: .utf8)
            .replacingOccurrences(of: "__IMAGE__", with: image)
            .replacingOccurrences(of: "__PORT__", with: String(port))
        let probe = try JSONDecoder().decode(ContainerSpec.self, from: Data(text.utf8))

        let record = AllocationRecord(
            id: "probe", state: .creating, ownerHotkey: "v", publicKey: "pem", containerName: "nicompute-probe", sshPort: port,
            testing: false, resources: ResourceRequest(cpuCount: 1, memoryBytes: 256 << 20), createdAt: 1, expiresAt: 2)
        let machine = MachineSpecs(logicalCPUs: 2, physicalCPUs: 2, memoryBytes: 8 << 30)
        var expected = RentalContainer.spec(for: record, image: image, miner: "miner-hotkey", machine: machine)
        // The probe carries a label of its own so a stale probe is never taken for a rental.
        #expect(probe.labels == ["io.nicompute.probe": "container-engine.sh"])
        expected.labels = probe.labels
        #expect(probe == expected)

        // Every HostConfig field the miner sets is in the probe's JSON, not just decoded to a default.
        let probeObject = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let probeHost = try #require(probeObject["HostConfig"] as? [String: Any])
        let minerObject = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(expected)) as? [String: Any])
        let minerHost = try #require(minerObject["HostConfig"] as? [String: Any])
        #expect(Set(probeHost.keys) == Set(minerHost.keys))
        #expect(Set(probeObject.keys) == Set(minerObject.keys))
    }
}
