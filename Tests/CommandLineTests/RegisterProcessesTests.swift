import Foundation
import Testing
import TestSupport

/// `nicompute subnet register` from several processes at once against one local chain file.
@Suite("local chain shared by processes", .serialized)
struct RegisterProcessesTests {
    static var binary: String { TestPaths.nicompute }

    static func start(_ arguments: [String]) throws -> (Process, Pipe) {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "\(binary) is missing: run `make test`"])
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        return (process, pipe)
    }

    static func run(_ arguments: [String]) throws -> (Int32, String) {
        let output = try ChildProcess.run(binary, arguments)
        return (output.status, output.combined)
    }

    @Test("eight processes register at once: distinct uids, one metagraph")
    func concurrentRegistrations() throws {
        let root = NSTemporaryDirectory() + "nicompute-register-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let chain = root + "/chain.sqlite"
        let wallets = root + "/wallets"
        for index in 0..<8 {
            let seed = "0x" + String(repeating: String(format: "%02x", index + 1), count: 32)
            let (status, output) = try Self.run([
                "wallet", "regen-hotkey", "--wallet.path", wallets, "--wallet.hotkey", "h\(index)", "--seed", seed,
            ])
            #expect(status == 0, "\(output)")
        }
        let running = try (0..<8).map { index in
            try Self.start([
                "subnet", "register", "--wallet.path", wallets, "--wallet.hotkey", "h\(index)", "--local.path", chain, "--netuid", "27",
            ])
        }
        var uids = [Int]()
        for (process, pipe) in running {
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(output)")
            if let uid = output.split(separator: " ").last.flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) {
                uids.append(uid)
            }
        }
        #expect(Set(uids) == Set(0..<8))
        let common = ["--wallet.path", wallets, "--local.path", chain, "--netuid", "27"]
        for index in 0..<2 {
            #expect(try Self.run(["subnet", "stake-add", "--wallet.hotkey", "h\(index)", "--amount", "100"] + common).0 == 0)
        }
        // All at once: every hotkey serves an axon, two validators set weights.
        var concurrent = try (0..<8).map { index in
            try Self.start(["subnet", "serve-axon", "--wallet.hotkey", "h\(index)", "--port", "\(9000 + index)"] + common)
        }
        concurrent += try [
            Self.start(["subnet", "set-weights", "--wallet.hotkey", "h0", "--uids", "2,3", "--weights", "1,0.5"] + common),
            Self.start(["subnet", "set-weights", "--wallet.hotkey", "h1", "--uids", "3,4", "--weights", "1,1"] + common),
        ]
        for (process, pipe) in concurrent {
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(output)")
        }
        // The rate limit holds across processes (100 blocks of 12 s by default).
        let (limited, message) = try Self.run(["subnet", "set-weights", "--wallet.hotkey", "h0", "--uids", "2", "--weights", "1"] + common)
        #expect(limited != 0 && message.contains("weights were set too recently"))
        let (status, table) = try Self.run(["subnet", "metagraph", "--local.path", chain, "--netuid", "27"])
        #expect(status == 0)
        #expect(table.contains("8 neurons"))
        #expect((0..<8).allSatisfy { table.contains("127.0.0.1:\(9000 + $0)") }, "\(table)")
        let (finney, explanation) = try Self.run([
            "subnet", "register", "--wallet.path", wallets, "--wallet.hotkey", "h0", "--subtensor.network", "finney",
        ])
        #expect(finney != 0 && explanation.contains("btcli subnets register --netuid 27"))
    }
}
