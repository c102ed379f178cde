import BittensorCrypto
@testable import BittensorNetwork
import ComputeProtocol
import Foundation
import Testing
import AsyncHTTPClient
import NIOCore
import TestSupport

/// Our Axon and Dendrite against bittensor 9.0.0's, in both directions, on 127.0.0.1.
@Suite("axon and dendrite interoperability with bittensor 9.0.0", .serialized)
struct NetworkInteropTests {
    static let script = PythonPeerScript.path("Tests/BittensorNetworkTests/network_peer.py")

    /// Runs the Python axon until the returned process is terminated.
    static func startPythonAxon(uri: String, blacklist: [String] = []) throws -> (Process, Int) {
        try PythonPeerScript.serve(script, "serve", ["uri": uri, "blacklist": blacklist])
    }

    /// Queries an axon with the Python dendrite.
    static func pythonQuery(uri: String, port: Int, hotkey: String, requests: [[String: Any]]) throws -> [[String: Any]] {
        let answer = try PythonPeerScript.call(
            script, "query", ["uri": uri, "ip": "127.0.0.1", "port": port, "hotkey": hotkey, "requests": requests])
        return try #require(answer["results"] as? [[String: Any]])
    }

    /// Our axon with the same handlers as the Python one, on a free port.
    static func withOurAxon<T>(blacklist: [String] = [], _ body: (Axon, Int) async throws -> T) async throws -> T {
        let axon = Axon(keypair: try Keypair(uri: "//Bob"), configuration: AxonConfiguration(host: "127.0.0.1", port: 0))
        let blocked = Set(blacklist)
        axon.attach(
            Specs.self,
            forward: { synapse in
                var s = synapse
                if s.specsInput == "slow" { try await Task.sleep(for: .seconds(3)) }
                s.specsOutput = "python-specs:" + s.specsInput
                return s
            },
            blacklist: { (blocked.contains($0.dendrite.hotkey ?? ""), "on the test blacklist") })
        axon.attach(
            Allocate.self,
            forward: {
                var s = $0; s.output = .object([("status", .bool(true)), ("port", .int(4444)), ("timeline", .int(s.timeline))]); return s
            },
            blacklist: { (blocked.contains($0.dendrite.hotkey ?? ""), "on the test blacklist") })
        axon.attach(
            Challenge.self,
            forward: {
                var s = $0; s.output = .object([("error", .string("not supported"))]); return s
            },
            blacklist: { (blocked.contains($0.dendrite.hotkey ?? ""), "on the test blacklist") })
        axon.attach(
            Mixed.self,
            forward: {
                var s = $0; s.reply = s.text + "!"; return s
            },
            blacklist: { (blocked.contains($0.dendrite.hotkey ?? ""), "on the test blacklist") })
        let ports = AsyncStream<Int>.makeStream()
        let server = Task { try await axon.run { port in ports.continuation.yield(port) } }
        defer { server.cancel() }
        var iterator = ports.stream.makeAsyncIterator()
        guard let port = await iterator.next() else { throw PythonPeer.Failure(description: "our axon did not start") }
        return try await body(axon, port)
    }

    static var requests: [[String: Any]] {
        [
            ["synapse": "Specs", "fields": ["specs_input": "cpu"]],
            ["synapse": "Allocate", "fields": ["timeline": 3, "checking": false, "device_requirement": ["cpu": ["count": 1]]]],
            ["synapse": "Challenge", "fields": [:]],
            [
                "synapse": "Mixed",
                "fields": [
                    "ratio": 0.1, "nums": [1.0, 2.5, 1e-05], "meta": ["a": 1, "é": 2, "b": 3, "z": 0], "text": "héllo wörld 中文 😀",
                ],
            ],
        ]
    }

    @Test("a Python dendrite gets 200 and our handlers' fields from our axon")
    func pythonDendriteToOurAxon() async throws {
        let bob = try Keypair(uri: "//Bob")
        let results = try await Self.withOurAxon { _, port in
            try Self.pythonQuery(uri: "//Alice", port: port, hotkey: bob.ss58Address, requests: Self.requests)
        }
        #expect(results.map { $0["status"] as? Int } == [200, 200, 200, 200], "\(results.map { $0["message"] ?? "" })")
        let fields = results.map { $0["fields"] as? [String: Any] ?? [:] }
        #expect(fields[0]["specs_output"] as? String == "python-specs:cpu")
        #expect((fields[1]["output"] as? [String: Any])?["timeline"] as? Int == 3)
        #expect((fields[2]["output"] as? [String: Any])?["error"] as? String == "not supported")
        #expect(fields[3]["reply"] as? String == "héllo wörld 中文 😀!")
    }

    @Test("our dendrite gets 200 and the Python handlers' fields from a Python axon")
    func ourDendriteToPythonAxon() async throws {
        let bob = try Keypair(uri: "//Bob")
        let (process, port) = try Self.startPythonAxon(uri: "//Bob")
        defer { process.terminate() }
        let dendrite = Dendrite(keypair: try Keypair(uri: "//Alice"))
        let target = AxonTarget(ip: "127.0.0.1", port: port, hotkey: bob.ss58Address)
        var specs = Specs()
        specs.specsInput = "gpu"
        let specsAnswer = await dendrite.call(specs, to: target)
        #expect(specsAnswer.dendrite.statusCode == 200, "\(specsAnswer.dendrite.statusMessage ?? "")")
        #expect(specsAnswer.specsOutput == "python-specs:gpu")
        var allocate = Allocate()
        allocate.timeline = 5
        let allocateAnswer = await dendrite.call(allocate, to: target)
        #expect(allocateAnswer.isSuccess && allocateAnswer.output["timeline"] == .int(5))
        let challengeAnswer = await dendrite.call(Challenge(), to: target)
        #expect(challengeAnswer.isSuccess && challengeAnswer.output["error"] == .string("not supported"))
        var mixed = Mixed()
        mixed.ratio = 0.1
        mixed.nums = [1.0, 2.5, 1e-05]
        // Not sorted: Python hashes dicts in insertion order, which must survive the trip.
        mixed.meta = [("z", 0), ("é", 2), ("a", 1)]
        mixed.text = "héllo wörld 中文 😀"
        let mixedAnswer = await dendrite.call(mixed, to: target)
        #expect(mixedAnswer.isSuccess, "\(mixedAnswer.dendrite.statusMessage ?? "")")
        #expect(mixedAnswer.reply == "héllo wörld 中文 😀!")
        // Several axons at once (the Python one and ours), answers in the targets' order. (One
        // axon queried concurrently by one dendrite may see nonces out of order and refuse the
        // late ones: the protocol's rule, for Python dendrites too.)
        let many = try await Self.withOurAxon { _, ourPort in
            await dendrite.forward(specs, to: [target, AxonTarget(ip: "127.0.0.1", port: ourPort, hotkey: bob.ss58Address)])
        }
        #expect(many.count == 2 && many.allSatisfy { $0.isSuccess && $0.specsOutput == "python-specs:gpu" })
        #expect(many.map { $0.axon.port } == [port, many[1].axon.port] && many[0].axon.port != many[1].axon.port)
    }

    @Test("unknown synapses, blacklisted callers and overrunning handlers look the same from both axons")
    func negativeOutcomesMatch() async throws {
        let alice = try Keypair(uri: "//Alice")
        let bob = try Keypair(uri: "//Bob")
        let requests: [[String: Any]] = [
            ["synapse": "Specs", "rename": "Nonexistent", "fields": [:]],
            ["synapse": "Specs", "fields": [:]],
        ]
        // A handler that overruns the caller's 1 s timeout, asked by an allowed caller.
        let slow: [[String: Any]] = [["synapse": "Specs", "fields": ["specs_input": "slow"], "timeout": 1.0]]
        let (process, pythonPort) = try Self.startPythonAxon(uri: "//Bob", blacklist: [alice.ss58Address])
        defer { process.terminate() }
        let theirs =
            try Self.pythonQuery(uri: "//Alice", port: pythonPort, hotkey: bob.ss58Address, requests: requests)
            + Self.pythonQuery(uri: "//Charlie", port: pythonPort, hotkey: bob.ss58Address, requests: slow)
        let ours = try await Self.withOurAxon(blacklist: [alice.ss58Address]) { _, port in
            try Self.pythonQuery(uri: "//Alice", port: port, hotkey: bob.ss58Address, requests: requests)
                + Self.pythonQuery(uri: "//Charlie", port: port, hotkey: bob.ss58Address, requests: slow)
        }
        #expect(theirs[0]["status"] as? Int == 404 && ours[0]["status"] as? Int == 404)
        #expect((ours[0]["message"] as? String)?.hasPrefix("Synapse name 'Nonexistent' not found. Available synapses [") == true)
        #expect(theirs[1]["status"] as? Int == 403)
        #expect(ours[1]["status"] as? Int == 403)
        #expect(ours[1]["message"] as? String == theirs[1]["message"] as? String)
        #expect(theirs[2]["status"] as? Int == 408 && ours[2]["status"] as? Int == 408)
        #expect(ours[2]["message"] as? String == theirs[2]["message"] as? String)
        #expect(ours[2]["message"] as? String == "Request timeout after 1.0 seconds")
    }

    @Test("our dendrite maps a refused connection and a timeout as the Python dendrite does")
    func clientFailures() async throws {
        let dendrite = Dendrite(keypair: try Keypair(uri: "//Alice"))
        let closed = AxonTarget(ip: "127.0.0.1", port: 1, hotkey: try Keypair(uri: "//Bob").ss58Address)
        let refused = await dendrite.call(Specs(), to: closed, timeout: 2)
        #expect(refused.dendrite.statusCode == 503, "\(refused.dendrite.statusMessage ?? "")")
        #expect(refused.dendrite.statusMessage?.hasPrefix("Service unavailable at 127.0.0.1:1/Specs") == true)
        let slow = Axon(keypair: try Keypair(uri: "//Bob"), configuration: AxonConfiguration(host: "127.0.0.1", port: 0))
        slow.attach(
            Specs.self,
            forward: { synapse in
                try await Task.sleep(for: .seconds(5)); return synapse
            })
        let ports = AsyncStream<Int>.makeStream()
        let server = Task { try await slow.run { ports.continuation.yield($0) } }
        defer { server.cancel() }
        var iterator = ports.stream.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let timedOut = await dendrite.call(Specs(), to: AxonTarget(ip: "127.0.0.1", port: port, hotkey: closed.hotkey), timeout: 1)
        #expect(timedOut.dendrite.statusCode == 408)
        #expect(timedOut.dendrite.statusMessage == "Request timeout after 1.0 seconds")
    }
}
