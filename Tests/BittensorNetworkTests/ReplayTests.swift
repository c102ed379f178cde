import BittensorCrypto
@testable import BittensorNetwork
import ComputeProtocol
import Foundation
import Testing

/// Defect 2 of issue 16: a captured header set replayed with another body, after a restart,
/// or with a widened window. Each replay goes over the socket to a running axon.
@Suite("replays are refused", .serialized)
struct ReplayTests {
    static let second = 1_000_000_000

    @Test("the headers of one Allocate replayed with another Allocate body are refused; the handler never sees it")
    func anotherBody() async throws {
        let harness = try await AxonHarness.start()
        defer { Task { await harness.stop() } }
        // The API's health check: which rental is alive, the renter's key in clear.
        let captured = try harness.signed(Allocate.livenessCheck(publicKey: "renter-public-key"))
        // The same headers with a key exchange for that rental.
        let exchange = Allocate.containerAction(.exchangeKey, publicKey: "renter-public-key", sshKey: "ssh-ed25519 AAAA attacker")
        var forged = captured
        forged.body = try SynapseCoder.encode(exchange)
        let answer = try await harness.send(forged)
        #expect(answer.status == 400, "\(answer)")
        #expect(
            answer.message?.hasPrefix(
                "Body binding mismatch: nicompute-body-signature is not the caller's signature over the body's bound fields (timeline, device_requirement"
            ) == true, "\(answer)")
        #expect(harness.allocations.withLock { $0.isEmpty })
        // Any field the miner acts on is bound, not only the action.
        let changes: [@Sendable (inout Allocate) -> Void] = [
            { $0.timeline = 90 }, { $0.checking = false }, { $0.publicKey = "other" },
            { $0.deviceRequirement = .object([("gpu", .object([("count", .int(8))]))]) }, { $0.dockerChange = true },
            { $0.dockerRequirement = $0.dockerRequirement.setting("ssh_key", to: .string("attacker")) },
        ]
        for change in changes {
            var other = Allocate.livenessCheck(publicKey: "renter-public-key")
            change(&other)
            let fresh = try harness.signed(Allocate.livenessCheck(publicKey: "renter-public-key"))
            var tampered = fresh
            tampered.body = try SynapseCoder.encode(other)
            #expect(try await harness.send(tampered).status == 400)
        }
        #expect(harness.allocations.withLock { $0.isEmpty })
        // The genuine body with fresh headers is served.
        #expect(try await harness.send(harness.signed(Allocate.livenessCheck(publicKey: "renter-public-key"))).status == 200)
        #expect(harness.allocations.withLock { $0 } == ["renter-public-key"])
    }

    @Test("a request replayed after the axon restarts on the same nonce store is refused")
    func afterRestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nonces-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("axon-nonces.sqlite").path
        let first = try await AxonHarness.start(nonceStorePath: path)
        let captured = try first.signed(Allocate.livenessCheck(publicKey: "renter-public-key"), uuid: "validator-uuid")
        #expect(try await first.send(captured).status == 200)
        #expect(
            try await first.send(captured)
                == .init(status: 401, message: "Not Verified with error: Nonce is too old, a newer one was last processed"))
        await first.stop()

        let second = try await AxonHarness.start(nonceStorePath: path)
        defer { Task { await second.stop() } }
        #expect(
            try await second.send(captured)
                == .init(status: 401, message: "Not Verified with error: Nonce is too old, a newer one was last processed"))
        #expect(second.allocations.withLock { $0.isEmpty })
        // The same dendrite's next request is served.
        #expect(
            try await second.send(second.signed(Allocate.livenessCheck(publicKey: "renter-public-key"), uuid: "validator-uuid")).status
                == 200)
    }

    @Test("a huge timeout header does not widen the window, nor does an old version header skip it")
    func window() async throws {
        let harness = try await AxonHarness.start()
        defer { Task { await harness.stop() } }
        // Signed two minutes ago: outside the widest window (4 s + 60 s) whatever `timeout` says.
        let old = AxonHarness.now() - 120 * Self.second
        let longest = try harness.signed(Specs(), nonce: old, timeout: SignedRequest.maximumTimeout)
        let answer = try await harness.send(longest)
        #expect(answer.status == 401)
        #expect(
            answer.message?.hasPrefix("Not Verified with error: Nonce is too old: acceptable delta is 64.00 seconds but request was 12")
                == true, "\(answer)")
        var huge = try harness.signed(Specs(), nonce: old)
        huge.set("timeout", "1000000000.0")
        #expect(try await harness.send(huge).status == 400)
        var ancient = try harness.signed(Specs(), nonce: old, timeout: 60)
        ancient.set("bt_header_dendrite_version", "7001000")
        let legacy = try await harness.send(ancient)
        #expect(
            legacy.status == 401 && legacy.message?.contains("Nonce is too old: acceptable delta is 64.00 seconds") == true, "\(legacy)")
        #expect(harness.blacklistCalls.withLock { $0.isEmpty })
    }

    @Test("our Allocate's bound fields hash as bittensor 9.0.0 hashes them when declared as required_hash_fields")
    func allocateHashMatchesPython() async throws {
        let bodies = [
            #"{"timeline": 3, "checking": false, "device_requirement": {"cpu": {"count": 1}, "gpu": {"count": 1, "capacity": 24.5, "type": "é 中"}, "ram": {"capacity": 1e-05}, "flag": true, "none": null}, "public_key": "-----BEGIN PUBLIC KEY-----\nMII\n-----END PUBLIC KEY-----\n"}"#,
            #"{"timeline": 1, "checking": false, "docker_change": true, "public_key": "k", "docker_action": {"action": "exchange_key", "ssh_key": "ssh-ed25519 AAAA it's", "key_type": "user"}}"#,
            #"{"timeline": 0, "checking": true, "public_key": "", "docker_requirement": {"z": [1, 2.0, "x"], "base_image": "ubuntu"}}"#,
        ]
        // One Python process for all bodies, waited for off the shared executor: other suites'
        // axons run their handlers there.
        let answer = try await PythonPeer.callDetached("allocate-hash", ["bodies": bodies])
        let theirs = try #require(answer["body_hashes"] as? [String])
        #expect(theirs.count == bodies.count)
        for (body, hash) in zip(bodies, theirs) {
            let ours = try SynapseCoder.decode(Allocate.self, from: Array(body.utf8))
            #expect(ours.boundHash == hash, "\(body)")
            #expect(ours.boundHash != BodyHash.empty)
            // bittensor's own signature still covers no field, as the reference's Allocate.
            #expect(ours.bodyHash == BodyHash.empty)
        }
    }
}
