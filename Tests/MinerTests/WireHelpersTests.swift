import ComputeProtocol
import Foundation
@testable import Miner
import Testing
import _CryptoExtras

@Suite("engine stream, tar context, credentials, specs")
struct WireHelpersTests {
    @Test("exec output: stdout and stderr frames are split; a cut frame keeps what arrived")
    func demultiplex() {
        let bytes: [UInt8] = [1, 0, 0, 0, 0, 0, 0, 3] + Array("out".utf8) + [2, 0, 0, 0, 0, 0, 0, 4] + Array("err\n".utf8) + [1, 0, 0, 0, 0, 0, 0, 9] + Array("cut".utf8)
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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/tar")
        process.arguments = ["-xOf", path, "Dockerfile"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(String(decoding: data, as: UTF8.self) == "FROM scratch\n")
    }

    @Test("credentials: Python's json.dumps text; sealed and opened with RSA-OAEP-SHA256")
    func credentials() throws {
        let credentials = AllocationCredentials(password: "pässword\"", port: 4444)
        #expect(credentials.pythonJSON == #"{"username": "root", "password": "p\u00e4ssword\"", "port": 4444, "version": 221}"#)
        let key = try _RSA.Encryption.PrivateKey(keySize: .bits2048)
        let sealed = try credentials.sealed(toPublicKeyPEM: key.publicKey.pemRepresentation)
        #expect(try AllocationCredentials.open(sealed, privateKeyPEM: key.pemRepresentation) == credentials)
        #expect(throws: CredentialSealingError.self) { try credentials.sealed(toPublicKeyPEM: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----") }
    }

    @Test("specs: the reference's JSON shape")
    func specs() throws {
        let machine = MachineSpecs(logicalCPUs: 4, physicalCPUs: 2, cpuFrequencyMHz: 2400, memoryBytes: 8 << 30, memoryAvailableBytes: 6 << 30,
                                   diskTotalBytes: 100, diskFreeBytes: 40,
                                   gpus: [.init(name: "NVIDIA A100", memoryMB: 81_920, graphicsClockMHz: 1410, memoryClockMHz: 1593)])
        let json = machine.referenceJSON
        #expect(json["gpu"]?["count"] == .int(1))
        #expect(json["gpu"]?["capacity"] == .int(81_920))
        #expect(json["gpu"]?["details"] == .array([.object([("name", .string("NVIDIA A100")), ("capacity", .int(81_920))])]))
        #expect(json["cpu"]?["count"] == .int(2))
        #expect(json["ram"]?["available"] == .int(6 << 30))
        #expect(json["hard_disk"]?["used"] == .int(60))
        #expect(HardwareProbe.parseNvidiaSMI("NVIDIA H100 80GB HBM3, 81559, 1980, 2619\n") == [.init(name: "NVIDIA H100 80GB HBM3", memoryMB: 81_559, graphicsClockMHz: 1980, memoryClockMHz: 2619)])
        // Recorded on a real H200 (driver 580.159.04) with the miner's own query, idle clocks.
        #expect(HardwareProbe.parseNvidiaSMI("NVIDIA H200, 143771, 345, 3201\n") == [.init(name: "NVIDIA H200", memoryMB: 143_771, graphicsClockMHz: 345, memoryClockMHz: 3201)])
        let probed = HardwareProbe().cpuinfo()
        #expect(probed.physicalCores >= 1)
        #expect((HardwareProbe().meminfo()["MemTotal"] ?? 0) > 0)
    }
}
