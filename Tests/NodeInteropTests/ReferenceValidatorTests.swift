import Foundation
import Testing

/// Our miner under SN27 v2.2.1's reference validator: `reference_validator_peer.py` does what that
/// validator does to a miner (Python SDK dendrite, paramiko with the decrypted credentials, SFTP,
/// the container's `python3`, a health-check server on every user port probed from outside).
@Suite("a v2.2 reference validator tests our miner", .serialized)
struct ReferenceValidatorTests {
    static var peer: String {
        MinerTestbed.repository.appendingPathComponent("Tests/NodeInteropTests/reference_validator_peer.py").path
    }

    @Test("allocate, SSH, SFTP, a NumPy script in the container, health check on every user port from outside, release")
    func referenceValidatorPassesOurMiner() async throws {
        let bed = try MinerTestbed(validators: 1)
        try await bed.startMiner()
        defer { bed.stopMiner() }
        let arguments: [String: Any] = [
            "wallet_path": bed.wallets, "hotkey": "v0", "port": bed.axonPort, "axon_hotkey": bed.minerHotkey,
            "host": "127.0.0.1",
        ]
        let printed = try MinerTestbed.check(
            MinerTestbed.run(
                MinerTestbed.python,
                [
                    Self.peer, "run",
                    String(decoding: try JSONSerialization.data(withJSONObject: arguments), as: UTF8.self),
                ]))
        let line = try #require(printed.split(separator: "\n").last, "the peer printed nothing")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(printed)")

        #expect(result["status_code"] as? Int == 200)
        // SN27's axon (`ComputeSubnetAxon`) stamps the subnet's version, 2.2.1 as 221, with its uuid
        // and nonce, and the SDK's dendrite reads them from the answer's headers.
        let axon = result["axon"] as? [String: Any] ?? [:]
        #expect(result["version"] as? Int == 221, "the SDK's dendrite sees v2.2.1: \(axon)")
        #expect(axon["uuid"] is String && axon["nonce"] is Int, "the axon's uuid and nonce reach the dendrite: \(axon)")
        #expect(result["allocated"] as? Bool == true, "\(result) \(bed.minerLog)")
        #expect(
            result["info_keys"] as? [String] == ["username", "password", "port", "external_user_ports", "version"],
            "v2.2's credentials, in its order")
        #expect(result["info_version"] as? Int == 221)
        let userPorts = Dictionary(uniqueKeysWithValues: zip(["27015", "27016", "27017", "27018"], bed.userPorts))
        #expect(result["external_user_ports"] as? [String: Int] == userPorts)
        #expect(
            result["sftp"] as? [String] == ["health_check_server.py", "miner_script.py", "seeds.txt"], "SFTP works over the rental's SSH")
        let script = result["script"] as? [String: Any] ?? [:]
        let scriptStatus = script["status"] as? Int
        let scriptMatches = script["matches"] as? Bool
        #expect(scriptStatus == 0 && scriptMatches == true, "the container's python3 and NumPy ran the script: \(script)")
        let inside = result["inside"] as? [String: Bool] ?? [:]
        let outside = result["outside"] as? [String: String] ?? [:]
        for port in userPorts.keys {
            #expect(inside[port] == true, "health server up on internal port \(port)")
            #expect(
                outside[port] == "200 Health OK",
                "external port \(userPorts[port] ?? 0) reaches internal \(port): \(outside[port] ?? "nothing")")
        }
        #expect(result["released"] as? Bool == true)
        #expect(try await bed.containers().isEmpty, "nothing left after the release")
    }
}
