import Foundation
import Miner
import Testing

/// The miner end to end: the Python SDK's dendrite allocates, Python `cryptography` opens the
/// credentials, OpenSSH logs in, and the container engine shows what was made.
@Suite("miner on the real container engine", .serialized)
struct MinerLifecycleTests {
    static let oneGiB = 1 << 30

    static func allocation(publicKey: String, timeline: Int = 1, sshKey: String = "", dockerfile: String = "") -> [String: Any] {
        [
            "timeline": timeline, "checking": false, "public_key": publicKey,
            "device_requirement": [
                "cpu": ["count": 1], "gpu": [String: Any](), "hard_disk": ["capacity": oneGiB], "ram": ["capacity": 512 << 20],
            ],
            "docker_requirement": [
                "base_image": "pytorch/pytorch:2.7.0-cuda12.6-cudnn9-runtime", "ssh_key": sshKey, "ssh_port": 1,
                "volume_path": "/tmp", "dockerfile": dockerfile,
            ],
        ]
    }

    static func action(_ name: String, publicKey: String, sshKey: String = "", keyType: String = "") -> [String: Any] {
        [
            "timeline": 0, "checking": false, "docker_change": true, "public_key": publicKey,
            "docker_action": ["action": name, "ssh_key": sshKey, "key_type": keyType],
        ]
    }

    @Test("allocate → SSH with the password → exchange_key → SSH with the key → pause/unpause → restart → deallocate")
    func lifecycle() async throws {
        let bed = try MinerTestbed(validators: 2)
        try await bed.startMiner()
        defer { bed.stopMiner() }
        let (privateKey, publicKey) = try MinerTestbed.keygen()

        let free = try bed.output(["timeline": 1, "checking": true])
        #expect(free["status"] as? Bool == true)
        #expect(free["port"] as? Int == bed.sshPort)

        let renterKey = try bed.sshKey(named: "renter")
        let answer = try bed.allocate(
            Self.allocation(publicKey: publicKey, sshKey: renterKey.publicKey, dockerfile: "echo customised > /root/setup-ran"),
            from: ["v0"])[0]
        let output = try #require(answer["output"] as? [String: Any], "\(answer)")
        #expect(output["status"] as? Bool == true, "\(output) \(bed.minerLog)")
        #expect(output["port"] as? Int == bed.sshPort)
        #expect(
            (answer["docker_requirement"] as? [String: Any])?["ssh_port"] as? Int == bed.sshPort, "the miner's port replaces the caller's")
        let credentials = try MinerTestbed.decrypt(try #require(output["info"] as? String), privateKey: privateKey)
        #expect(credentials["username"] as? String == "root")
        #expect(credentials["port"] as? Int == bed.sshPort)
        #expect(credentials["version"] as? Int == 221)
        let userPorts = Dictionary(uniqueKeysWithValues: zip([27015, 27016, 27017, 27018].map(String.init), bed.userPorts))
        #expect(credentials["external_user_ports"] as? [String: Int] == userPorts, "v2.2: internal → external user ports")
        let dockerRequirement = answer["docker_requirement"] as? [String: Any]
        #expect(dockerRequirement?["external_user_ports"] as? [String: Int] == userPorts)
        #expect(dockerRequirement?["external_ports"] as? [String: Int] == ["ssh": bed.sshPort])
        let password = try #require(credentials["password"] as? String)

        let login = try bed.ssh(password: password, "id -u")
        #expect(login.status == 0 && login.output.contains("0"), "\(login)")
        #expect(try bed.ssh(identity: renterKey.path, "true").status == 0, "the renter's key from docker_requirement logs in")

        // Limits as asked, read back from the engine.
        let containers = try await bed.containers()
        #expect(containers.count == 1)
        let inspected = try #require(try await bed.inspect(containers[0].id))
        #expect(inspected.hostConfig.memory == 512 << 20)
        #expect(inspected.hostConfig.nanoCpus == 1_000_000_000)
        #expect(inspected.hostConfig.shmSize == 256 << 20)
        #expect(inspected.state.status == "running")

        // The customisation ran inside the container, not on the host.
        var setupRan = false
        for _ in 0..<50 where !setupRan {
            setupRan = try bed.ssh(password: password, "cat /root/setup-ran").output.contains("customised")
            if !setupRan { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(setupRan)

        let alive = try bed.output(["timeline": 0, "checking": true, "public_key": publicKey])
        #expect(alive["status"] as? Bool == true)
        let busy = try bed.output(["timeline": 1, "checking": true])
        #expect(busy["status"] as? Bool == false)

        let newKey = try bed.sshKey(named: "exchanged")
        let exchanged = try bed.output(Self.action("exchange_key", publicKey: publicKey, sshKey: newKey.publicKey, keyType: "user"))
        #expect(exchanged["status"] as? Bool == true, "\(exchanged)")
        #expect(try bed.ssh(identity: newKey.path, "true").status == 0, "the exchanged key logs in")
        #expect(try bed.ssh(identity: renterKey.path, "true").status != 0, "the replaced key no longer does")
        let terminalKey = try bed.sshKey(named: "terminal")
        #expect(
            try bed.output(Self.action("exchange_key", publicKey: publicKey, sshKey: terminalKey.publicKey, keyType: "terminal"))["status"]
                as? Bool == true)
        #expect(try bed.ssh(identity: terminalKey.path, "true").status == 0)
        #expect(try bed.ssh(identity: newKey.path, "true").status == 0, "the user slot is kept")

        #expect(try bed.output(Self.action("pause", publicKey: publicKey))["status"] as? Bool == true)
        #expect(try await bed.inspect(containers[0].id)?.state.status == "paused")
        #expect(try bed.output(Self.action("resume", publicKey: publicKey))["status"] as? Bool == true)
        #expect(try await bed.inspect(containers[0].id)?.state.status == "running")
        #expect(try bed.ssh(identity: newKey.path, "true").status == 0)

        #expect(try bed.output(Self.action("restart", publicKey: publicKey))["status"] as? Bool == true)
        #expect(try bed.ssh(identity: newKey.path, "true").status == 0, "keys survive a restart")
        #expect(try bed.ssh(password: password, "true").status == 0, "so does the password")

        let released = try bed.output(["timeline": 0, "checking": false, "public_key": publicKey])
        #expect(released["status"] as? Bool == true, "\(released)")
        #expect(try await bed.containers().isEmpty, "the container is gone")
        #expect(try bed.output(["timeline": 1, "checking": true])["status"] as? Bool == true, "free again")
    }

    @Test("a missing SSH image is built from --miner.base-image, and rentals start from it")
    func buildsSSHImage() async throws {
        let bed = try MinerTestbed(validators: 1)
        let image = "nicompute-built-\(UUID().uuidString.prefix(8).lowercased()):test"
        #expect(try await MinerTestbed.withDocker { try await !$0.imageExists(image) })
        try await bed.startMiner(["--miner.ssh-image", image, "--miner.base-image", "nicompute-ssh:bookworm"])
        defer { bed.stopMiner() }
        #expect(try await MinerTestbed.withDocker { try await $0.imageExists(image) }, "\(bed.minerLog)")
        let (privateKey, publicKey) = try MinerTestbed.keygen()
        let output = try bed.output(Self.allocation(publicKey: publicKey))
        #expect(output["status"] as? Bool == true, "\(output)")
        let password = try MinerTestbed.decrypt(try #require(output["info"] as? String), privateKey: privateKey)["password"] as? String
        #expect(try bed.ssh(password: password, "true").status == 0)
        #expect(try bed.output(["timeline": 0, "checking": false, "public_key": publicKey])["status"] as? Bool == true)
        bed.stopMiner()
        try await MinerTestbed.withDocker { try await $0.removeImage(image) }
    }

    @Test("bad input: each refused with a reason naming the field, nothing created")
    func badInput() async throws {
        let bed = try MinerTestbed(validators: 2)
        try await bed.startMiner()
        defer { bed.stopMiner() }
        let (_, publicKey) = try MinerTestbed.keygen()
        let (_, otherKey) = try MinerTestbed.keygen()

        func refused(_ synapse: [String: Any], from hotkey: String = "v0", mentioning text: String) throws {
            let output = try bed.output(synapse, from: hotkey)
            #expect(output["status"] as? Bool == false, "\(output)")
            #expect((output["reason"] as? String ?? "").contains(text), "\(output)")
            #expect(output["port"] as? Int == bed.sshPort)
        }
        var malformed = Self.allocation(publicKey: publicKey)
        malformed["device_requirement"] = ["cpu": ["count": "two"]]
        try refused(malformed, mentioning: "device_requirement.cpu.count")
        malformed["device_requirement"] = ["ram": ["capacity": 1]]
        try refused(malformed, mentioning: "device_requirement.ram.capacity")
        malformed["device_requirement"] = ["cpu": ["count": 100_000]]
        try refused(malformed, mentioning: "CPUs")
        try refused(
            Self.allocation(publicKey: publicKey, sshKey: "ssh-ed25519 AAAA' ; touch /tmp/pwned #"),
            mentioning: "docker_requirement.ssh_key")
        try refused(
            Self.allocation(publicKey: publicKey, sshKey: "command=\"sh\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA=="),
            mentioning: "docker_requirement.ssh_key")
        var badImage = Self.allocation(publicKey: publicKey)
        badImage["docker_requirement"] = ["base_image": "UBUNTU;rm -rf /"]
        try refused(badImage, mentioning: "docker_requirement.base_image")
        try refused(Self.allocation(publicKey: "not a key"), mentioning: "public_key")
        #expect(try await bed.containers().isEmpty)

        // Admission: an unregistered hotkey is turned away before its body is read.
        let stranger = try #require(try bed.allocate(Self.allocation(publicKey: publicKey), from: ["stranger"]).first)
        #expect(stranger["status_code"] as? Int == 403, "\(stranger)")
        #expect((stranger["message"] as? String ?? "").contains("Unrecognized hotkey"), "\(stranger)")

        // With an allocation live: unknown actions, other keys and other hotkeys are refused.
        #expect(try bed.output(Self.allocation(publicKey: publicKey))["status"] as? Bool == true)
        try refused(Self.action("format_disk", publicKey: publicKey), mentioning: "docker_action.action")
        try refused(Self.action("pause", publicKey: otherKey), mentioning: "public_key")
        try refused(Self.action("pause", publicKey: publicKey), from: "v1", mentioning: "another hotkey")
        try refused(Self.action("exchange_key", publicKey: publicKey, sshKey: "not a key"), mentioning: "docker_action.ssh_key")
        try refused(
            Self.action("exchange_key", publicKey: publicKey, sshKey: try bed.sshKey(named: "k").publicKey, keyType: "admin"),
            mentioning: "docker_action.key_type")
        try refused(["timeline": 0, "checking": false, "public_key": otherKey], mentioning: "public_key")
        try refused(Self.allocation(publicKey: otherKey), from: "v1", mentioning: "already allocated")
        #expect(try await bed.containers().count == 1)
        #expect(try bed.output(["timeline": 0, "checking": false, "public_key": publicKey])["status"] as? Bool == true)
        #expect(try await bed.containers().isEmpty)
    }

    @Test("20 validators allocate at once: exactly one succeeds, one container exists")
    func concurrentAllocations() async throws {
        let bed = try MinerTestbed(validators: 20)
        try await bed.startMiner()
        defer { bed.stopMiner() }
        let (_, publicKey) = try MinerTestbed.keygen()
        let answers = try bed.allocate(Self.allocation(publicKey: publicKey), from: bed.validators)
        let outputs = answers.compactMap { $0["output"] as? [String: Any] }
        #expect(outputs.count == 20, "\(answers)")
        let winners = answers.filter { ($0["output"] as? [String: Any])?["status"] as? Bool == true }
        #expect(winners.count == 1, "\(answers)")
        let refusals = outputs.filter { $0["status"] as? Bool == false }
        #expect(refusals.count == 19)
        #expect(refusals.allSatisfy { ($0["reason"] as? String ?? "").contains("already allocated") }, "\(refusals)")
        #expect(try await bed.containers().count == 1)
        let winner = try #require(winners.first?["hotkey"] as? String)
        #expect(try bed.output(["timeline": 0, "checking": false, "public_key": publicKey], from: winner)["status"] as? Bool == true)
        #expect(try await bed.containers().isEmpty)
    }
}
