import BittensorNetwork
import ComputeProtocol
@testable import Miner
import Testing

@Suite("Allocate request checks")
struct RequestParsingTests {
    static let machine = MachineSpecs(logicalCPUs: 8, physicalCPUs: 4, memoryBytes: 16 << 30)

    @Test("each Allocate builder asks what its name says, with the reference's flags; a bare Allocate is a liveness check")
    func requestKinds() {
        let key = "-----BEGIN PUBLIC KEY-----"
        let cases: [(Allocate, Allocate.Kind, checking: Bool, timeline: Int, dockerChange: Bool)] = [
            (Allocate(), .liveness, true, 0, false),
            (.availabilityCheck(), .availability, true, 1, false),
            (.availabilityCheck(timeline: 0), .availability, true, 1, false),
            (
                .availabilityCheck(timeline: 30, deviceRequirement: .object([("gpu", .object([("count", .int(1))]))])), .availability, true,
                30, false
            ),
            (.livenessCheck(publicKey: key), .liveness, true, 0, false),
            (.allocation(publicKey: key, timeline: 3, deviceRequirement: .object([])), .allocation, false, 3, false),
            (.allocation(publicKey: key, timeline: 0, deviceRequirement: .object([])), .allocation, false, 1, false),
            (.release(publicKey: key), .release, false, 0, false),
            (.containerAction(.restart, publicKey: key), .containerAction, false, 0, true),
            (.containerAction(.exchangeKey, publicKey: key, sshKey: "ssh-ed25519 AAAA", keyType: "user"), .containerAction, false, 1, true),
        ]
        for (request, kind, checking, timeline, dockerChange) in cases {
            #expect(request.kind == kind)
            #expect(request.checking == checking && request.timeline == timeline && request.dockerChange == dockerChange, "\(kind)")
        }
        #expect(Allocate.release(publicKey: key).publicKey == key)
        #expect(
            Allocate.containerAction(.exchangeKey, publicKey: key, sshKey: "ssh-ed25519 AAAA", keyType: "user").dockerAction
                == .object([("action", .string("exchange_key")), ("ssh_key", .string("ssh-ed25519 AAAA")), ("key_type", .string("user"))]))
    }

    @Test("device_requirement: the reference's shapes parse; whole floats are numbers")
    func validRequirements() throws {
        let pog = try ResourceRequest.parse(
            .object([
                ("cpu", .object([("count", .int(1))])),
                ("gpu", .object([("count", .int(1)), ("capacity", .int(0)), ("type", .string(""))])),
                ("hard_disk", .object([("capacity", .int(1 << 30))])), ("ram", .object([("capacity", .double(1_073_741_824.0))])),
                ("testing", .bool(true)),
            ]))
        #expect(pog == ResourceRequest(cpuCount: 1, memoryBytes: 1 << 30, diskBytes: 1 << 30, gpuCount: 1, gpuCapacityMB: 0, testing: true))
        #expect(try ResourceRequest.parse(.object([])) == ResourceRequest())
        #expect(try ResourceRequest.parse(.object([("gpu", .object([]))])).gpuCount == 0)
    }

    @Test(
        "device_requirement: every broken rule names its field",
        arguments: [
            (JSONValue.array([]), "device_requirement: must be an object"),
            (.object([("cpu", .object([("count", .string("2"))]))]), "device_requirement.cpu.count: must be a whole number"),
            (.object([("cpu", .object([("count", .int(0))]))]), "device_requirement.cpu.count: must be at least 1"),
            (.object([("cpu", .object([("count", .double(1.5))]))]), "device_requirement.cpu.count: must be a whole number"),
            (.object([("cpu", .int(2))]), "device_requirement.cpu: must be an object"),
            (.object([("ram", .object([("capacity", .int(1024))]))]), "device_requirement.ram.capacity: must be at least"),
            (.object([("hard_disk", .object([("capacity", .int(-1))]))]), "device_requirement.hard_disk.capacity: must be at least 0"),
            (.object([("gpu", .object([("type", .int(3))]))]), "device_requirement.gpu.type: must be a string"),
            (.object([("testing", .string("yes"))]), "device_requirement.testing: must be true or false"),
            (.object([("disk", .object([]))]), "device_requirement.disk: unknown field"),
        ])
    func invalidRequirements(json: JSONValue, message: String) {
        #expect {
            try ResourceRequest.parse(json)
        } throws: { error in
            (error as? AllocationRefusal)?.description.contains(message) == true
        }
    }

    @Test("requests beyond the machine are refused; a GPU-less machine takes GPU requests")
    func machineLimits() throws {
        #expect(throws: AllocationRefusal.self) { try ResourceRequest(cpuCount: 9).check(against: Self.machine) }
        #expect(throws: AllocationRefusal.self) { try ResourceRequest(memoryBytes: 17 << 30).check(against: Self.machine) }
        try ResourceRequest(cpuCount: 8, memoryBytes: 16 << 30, gpuCount: 1).check(against: Self.machine)
        var gpuMachine = Self.machine
        gpuMachine.gpus = [.init(name: "NVIDIA H100", memoryMB: 81_559)]
        #expect(throws: AllocationRefusal.self) { try ResourceRequest(gpuCount: 2).check(against: gpuMachine) }
    }

    @Test("SSH keys: real keys pass; options, extra lines, quotes and mismatched blobs do not")
    func sshKeys() throws {
        let ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl renter@laptop"
        #expect(try SSHPublicKey(ed25519, field: "k").description == ed25519)
        #expect(try SSHPublicKey.optional("None", field: "k") == nil)
        #expect(try SSHPublicKey.optional("", field: "k") == nil)
        for bad in [
            "command=\"sh\" \(ed25519)", "\(ed25519)\nssh-ed25519 AAAA", "ssh-ed25519 !!!notbase64",
            "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl",
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl it's",
            "ssh-ed25519", "ssh-dss AAAAB3NzaC1kc3M=",
        ] {
            #expect(throws: AllocationRefusal.self, "\(bad)") { try SSHPublicKey(bad, field: "docker_requirement.ssh_key") }
        }
    }

    @Test("image references follow the distribution grammar")
    func imageReferences() {
        for good in [
            "ubuntu", "pytorch/pytorch:2.7.0-cuda12.6-cudnn9-runtime", "nicompute-ssh:bookworm", "localhost:5000/a/b:c",
            "ghcr.io/org/img@sha256:" + String(repeating: "a", count: 64),
        ] {
            #expect(ImageReference.isValid(good), "\(good)")
        }
        for bad in ["", "UBUNTU", "ubuntu;rm -rf /", "a b", "ubuntu:", "../etc", "a//b", "ubuntu@sha256:xyz", "-x", "a:$(id)"] {
            #expect(!ImageReference.isValid(bad), "\(bad)")
        }
    }

    @Test("docker_action: known actions, resume as unpause, key slots; the rest refused")
    func actions() throws {
        let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
        #expect(try ContainerAction.parse(.object([("action", .string("resume"))])) == .unpause)
        #expect(
            try ContainerAction.parse(
                .object([("action", .string("exchange_key")), ("ssh_key", .string(key)), ("key_type", .string("terminal"))]))
                == .exchangeKey(try SSHPublicKey(key, field: "k"), slot: .terminal))
        #expect(
            try ContainerAction.parse(.object([("action", .string("exchange_key")), ("ssh_key", .string(key)), ("key_type", .string(""))]))
                == .exchangeKey(try SSHPublicKey(key, field: "k"), slot: .user))
        #expect(throws: AllocationRefusal.self) { try ContainerAction.parse(.object([("action", .string("rm"))])) }
        #expect(throws: AllocationRefusal.self) { try ContainerAction.parse(.object([("action", .string(""))])) }
        #expect(throws: AllocationRefusal.self) { try ContainerAction.parse(.object([("action", .string("exchange_key"))])) }
    }

    @Test("docker_requirement: the renter's script is kept as data, within its size limit")
    func containerRequest() throws {
        let parsed = try ContainerRequest.parse(
            .object([
                ("base_image", .string("ubuntu")), ("dockerfile", .string("apt-get install -y vim")),
                ("ssh_key", .string("")), ("ssh_port", .int(4444)),
            ]))
        #expect(parsed.setupScript == "apt-get install -y vim")
        #expect(parsed.sshKey == nil)
        #expect(throws: AllocationRefusal.self) {
            try ContainerRequest.parse(
                .object([("dockerfile", .string(String(repeating: "x", count: ContainerRequest.maximumSetupBytes + 1)))]))
        }
        #expect(throws: AllocationRefusal.self) { try ContainerRequest.parse(.object([("ssh_key", .int(1))])) }
    }
}
