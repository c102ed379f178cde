import BittensorCrypto
import Foundation
import Testing
import TestSupport

/// `nicompute query` against a Python axon.
@Suite("nicompute query", .serialized)
struct QueryCommandTests {
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let output = try ChildProcess.run(TestPaths.nicompute, arguments)
        return (output.status, output.combined)
    }

    @Test("prints the Python axon's answer; refuses unknown fields")
    func queryPythonAxon() throws {
        let wallets = NSTemporaryDirectory() + "nicompute-query-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: wallets) }
        // //Alice's seed, so the Python axon sees a known caller.
        let seed = "0xe5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c0a"
        #expect(try Self.run(["wallet", "regen-hotkey", "--wallet.path", wallets, "--seed", seed]).status == 0)
        let (process, port) = try PythonPeerScript.serve(
            PythonPeerScript.path("Tests/BittensorNetworkTests/network_peer.py"), "serve", ["uri": "//Bob", "blacklist": [String]()])
        defer { process.terminate() }
        let bob = try Keypair(uri: "//Bob").ss58Address
        let answer = try Self.run([
            "query", "--wallet.path", wallets, "--axon", "127.0.0.1:\(port)", "--axon.hotkey", bob,
            "--synapse", "Allocate", "--body", #"{"timeline": 2, "checking": false}"#,
        ])
        #expect(answer.status == 0, "\(answer.output)")
        #expect(answer.output.contains("status        200"))
        #expect(answer.output.contains("message       Success"))
        #expect(answer.output.contains(#""output":{"status":true,"port":4444,"timeline":2}"#))
        let bad = try Self.run([
            "query", "--wallet.path", wallets, "--axon", "127.0.0.1:\(port)", "--axon.hotkey", bob,
            "--synapse", "Specs", "--body", #"{"bogus": 1}"#,
        ])
        #expect(bad.status != 0 && bad.output.contains("--body: 'bogus' is not a field of Specs"))
        let unknown = try Self.run([
            "query", "--wallet.path", wallets, "--axon", "127.0.0.1:\(port)", "--axon.hotkey", bob, "--synapse", "Nope",
        ])
        #expect(unknown.status != 0 && unknown.output.contains("--synapse: must be one of"))
    }
}
