import ComputeProtocol
import Foundation
import TestSupport
@testable import Miner
import Testing
import _CryptoExtras

@Suite("engine stream, tar context, credentials, specs")
struct WireHelpersTests {
    @Test("exec output: stdout and stderr frames are split; a cut frame keeps what arrived")
    func demultiplex() {
        let bytes: [UInt8] =
            [1, 0, 0, 0, 0, 0, 0, 3] + Array("out".utf8) + [2, 0, 0, 0, 0, 0, 0, 4] + Array("err\n".utf8) + [1, 0, 0, 0, 0, 0, 0, 9]
            + Array("cut".utf8)
        let (stdout, stderr) = ExecResult.demultiplex(bytes)
        #expect(String(decoding: stdout, as: UTF8.self) == "outcut")
        #expect(String(decoding: stderr, as: UTF8.self) == "err\n")
    }

    @Test("the build context is a valid ustar archive (read back by tar)")
    func tar() throws {
        let archive = TarArchive.singleFile(named: "Dockerfile", contents: Array("FROM scratch\n".utf8))
        #expect(archive.count % 512 == 0)
        let path = NSTemporaryDirectory() + "ctx-\(UUID().uuidString).tar"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(archive).write(to: URL(fileURLWithPath: path))
        let extracted = try ChildProcess.run("/usr/bin/tar", ["-xOf", path, "Dockerfile"])
        #expect(extracted.status == 0)
        #expect(extracted.stdout == "FROM scratch\n")
    }

    @Test("credentials: Python's json.dumps text; sealed and opened with RSA-OAEP-SHA256")
    func credentials() throws {
        let credentials = AllocationCredentials(password: "pässword\"", port: 4444)
        #expect(
            credentials.pythonJSON
                == #"{"username": "root", "password": "p\u00e4ssword\"", "port": 4444, "external_user_ports": {}, "version": 221}"#)
        let key = try _RSA.Encryption.PrivateKey(keySize: .bits2048)
        let sealed = try credentials.sealed(toPublicKeyPEM: key.publicKey.pemRepresentation)
        #expect(try AllocationCredentials.open(sealed, privateKeyPEM: key.pemRepresentation) == credentials)
        #expect(throws: CredentialSealingError.self) {
            try credentials.sealed(toPublicKeyPEM: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")
        }

        // v2.2's user ports: the longest answer our miner sends still fits RSA-2048's OAEP limit (190 bytes).
        let ports = try UserPort.mapping(externalPorts: [65_531, 65_532, 65_533, 65_534])
        let longest = AllocationCredentials(password: String(repeating: "x", count: 24), port: 65_535, externalUserPorts: ports)
        #expect(
            longest.pythonJSON.hasSuffix(
                #""port": 65535, "external_user_ports": {"27015": 65531, "27016": 65532, "27017": 65533, "27018": 65534}, "version": 221}"#)
        )
        #expect(
            try AllocationCredentials.open(
                try longest.sealed(toPublicKeyPEM: key.publicKey.pemRepresentation), privateKeyPEM: key.pemRepresentation) == longest)
        // A v1.9 miner's answer has no user ports.
        func seal(_ json: String) throws -> String {
            try key.publicKey.encrypt(Data(json.utf8), padding: .PKCS1_OAEP_SHA256).base64EncodedString()
        }
        let old = try AllocationCredentials.open(
            try seal(#"{"username": "root", "password": "p", "port": 4444, "version": 190}"#), privateKeyPEM: key.pemRepresentation)
        #expect(old.externalUserPorts.isEmpty && old.version == 190)
        // A miner's numbers are checked, the field named.
        for (json, field) in [
            (#"{"username": "r", "password": "p", "port": 0, "version": 1}"#, "info.port"),
            (#"{"username": "r", "password": "p", "port": 22, "external_user_ports": {"x": 1}, "version": 1}"#, "info.external_user_ports"),
            (
                #"{"username": "r", "password": "p", "port": 22, "external_user_ports": {"27015": 70000}, "version": 1}"#,
                "info.external_user_ports[27015]"
            ),
            (#"{"username": "r", "password": "p", "port": 22, "external_user_ports": {"27015": 1e30}, "version": 1}"#, "info"),
        ] {
            #expect { try AllocationCredentials.open(try seal(json), privateKeyPEM: key.pemRepresentation) } throws: { error in
                "\(error)".contains(field)
            }
        }
    }

    @Test("--external.ports: paired with 27015…27018 in order; more than four, duplicates, non-ports refused with the rule")
    func userPorts() throws {
        #expect(
            try UserPort.parse(externalPorts: "27015,27016,27017,27018")
                == [27015, 27016, 27017, 27018].map { UserPort(internalPort: $0, externalPort: $0) })
        #expect(
            try UserPort.parse(externalPorts: "40000, 40001") == [
                UserPort(internalPort: 27015, externalPort: 40000), UserPort(internalPort: 27016, externalPort: 40001),
            ])
        #expect(try UserPort.parse(externalPorts: "").isEmpty)
        #expect(UserPort.jsonObject(try UserPort.parse(externalPorts: "1,2")) == .object([("27015", .int(1)), ("27016", .int(2))]))
        for (text, rule) in [
            ("1,2,3,4,5", "at most 4"), ("1,1", "given twice"), ("0", "not a TCP port"), ("65536", "not a TCP port"),
            ("27015,", "not a port number"), ("abc", "not a port number"), ("99999999999999999999", "not a port number"),
        ] {
            #expect { try UserPort.parse(externalPorts: text) } throws: { error in
                let text = "\(error)"
                return text.hasPrefix("external.ports: ") && text.contains(rule)
            }
        }
    }

    @Test("specs: the reference's JSON shape")
    func specs() throws {
        let machine = MachineSpecs(
            logicalCPUs: 4, physicalCPUs: 2, cpuFrequencyMHz: 2400, memoryBytes: 8 << 30, memoryAvailableBytes: 6 << 30,
            diskTotalBytes: 100, diskFreeBytes: 40,
            gpus: [.init(name: "NVIDIA A100", memoryMB: 81_920, graphicsClockMHz: 1410, memoryClockMHz: 1593)])
        let json = machine.referenceJSON
        #expect(json["gpu"]?["count"] == .int(1))
        #expect(json["gpu"]?["capacity"] == .int(81_920))
        #expect(json["gpu"]?["details"] == .array([.object([("name", .string("NVIDIA A100")), ("capacity", .int(81_920))])]))
        #expect(json["cpu"]?["count"] == .int(2))
        #expect(json["ram"]?["available"] == .int(6 << 30))
        #expect(json["hard_disk"]?["used"] == .int(60))
        #expect(
            HardwareProbe.parseNvidiaSMI("NVIDIA H100 80GB HBM3, 81559, 1980, 2619\n") == [
                .init(name: "NVIDIA H100 80GB HBM3", memoryMB: 81_559, graphicsClockMHz: 1980, memoryClockMHz: 2619)
            ])
        // Recorded on a real H200 (driver 580.159.04) with the miner's own query, idle clocks.
        #expect(
            HardwareProbe.parseNvidiaSMI("NVIDIA H200, 143771, 345, 3201\n") == [
                .init(name: "NVIDIA H200", memoryMB: 143_771, graphicsClockMHz: 345, memoryClockMHz: 3201)
            ])
        let probed = HardwareProbe().cpuinfo()
        #expect(probed.physicalCores >= 1)
        #expect((HardwareProbe().meminfo()["MemTotal"] ?? 0) > 0)
    }
}
