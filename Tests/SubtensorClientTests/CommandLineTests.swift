import Foundation
import Subtensor
import Testing

/// `nicompute subnet metagraph` and `hyperparameters` against the fake node, as an operator
/// runs them. Needs the built executable (`swift build`, or NICOMPUTE_BIN).
@Suite struct CommandLineTests {
    static var nicompute: String {
        ProcessInfo.processInfo.environment["NICOMPUTE_BIN"]
            ?? GoldenFixture.repository.appendingPathComponent(".build/debug/nicompute").path
    }

    /// Runs nicompute off the cooperative pool (it blocks on the child) and returns its output.
    static func run(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        guard FileManager.default.isExecutableFile(atPath: nicompute) else {
            throw GoldenFixture.Missing(description: "missing \(nicompute): run `swift build` first")
        }
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                do {
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: nicompute)
                    process.arguments = arguments
                    let out = Pipe()
                    let err = Pipe()
                    process.standardOutput = out
                    process.standardError = err
                    process.standardInput = FileHandle.nullDevice
                    try process.run()
                    let stdout = out.fileHandleForReading.readDataToEndOfFile()
                    let stderr = err.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    continuation.resume(returning: (process.terminationStatus, String(decoding: stdout, as: UTF8.self),
                                                    String(decoding: stderr, as: UTF8.self)))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    @Test func metagraphAndHyperparametersAgainstTheFakeNode() async throws {
        let node = try FakeSubtensorNode()
        try await node.serve { endpoint in
            let metagraph = try await Self.run(["subnet", "metagraph", "--subtensor.chain_endpoint", endpoint, "--netuid", "1"])
            #expect(metagraph.status == 0, "\(metagraph.stderr)")
            #expect(metagraph.stdout.contains("subnet 1 at block 1000: 1 neurons"))
            #expect(metagraph.stdout.contains("5C4hrfjw9DjXZTzV3MwzrrAr9P1MJhSrvWGWqi1eSuyUpnhM"))
            let parameters = try await Self.run(["subnet", "hyperparameters", "--subtensor.network", endpoint, "--netuid", "1", "--json"])
            #expect(parameters.status == 0, "\(parameters.stderr)")
            let decoded = try JSONDecoder().decode(SubnetHyperparameters.self, from: Data(parameters.stdout.utf8))
            #expect(decoded.tempo == 100)
            #expect(decoded.commitRevealEnabled)
            let missing = try await Self.run(["subnet", "hyperparameters", "--subtensor.network", endpoint, "--netuid", "9999"])
            #expect(missing.status != 0)
            #expect(missing.stderr.contains("subnet 9999 does not exist"))
        }
    }
}
