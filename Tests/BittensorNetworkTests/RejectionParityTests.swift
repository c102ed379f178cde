import BittensorCrypto
@testable import BittensorNetwork
import ComputeProtocol
import Foundation
import Testing
import AsyncHTTPClient
import NIOCore

/// Hand-made requests sent to both axons: the Python dendrite cannot be made to misbehave, so
/// the bad requests are built here and each axon's status and message compared.
@Suite("rejected requests: our axon answers as the Python axon", .serialized)
struct RejectionParityTests {
    struct Answer: Equatable {
        let status: Int
        let message: String?
    }

    /// POSTs `synapse` signed by `signer` (or with `signature` in place of the real one).
    static func send(_ synapse: Specs, port: Int, nonce: Int, uuid: String, signer: Keypair, signature: String? = nil, body: [UInt8]? = nil)
        async throws -> Answer
    {
        let bob = try Keypair(uri: "//Bob").ss58Address
        var request = synapse
        request.common.dendrite = TerminalInfo(ip: "127.0.0.1", version: 9_000_000, nonce: nonce, uuid: uuid, hotkey: signer.ss58Address)
        request.common.axon = TerminalInfo(ip: "127.0.0.1", port: port, hotkey: bob)
        let message = SynapseSignature(
            nonce: nonce, dendriteHotkey: signer.ss58Address, axonHotkey: bob, uuid: uuid, bodyHash: request.bodyHash)
        request.common.dendrite?.signature = try signature ?? message.sign(with: signer)
        var http = HTTPClientRequest(url: "http://127.0.0.1:\(port)/Specs")
        http.method = .POST
        for (name, value) in SynapseHeaders.make(for: request) { http.headers.add(name: name, value: value) }
        http.headers.add(name: "Content-Type", value: "application/json")
        let payload = try body ?? SynapseCoder.encode(request)
        http.body = .bytes(ByteBuffer(bytes: payload))
        let response = try await HTTPClient.shared.execute(http, timeout: .seconds(10))
        let data = try await response.body.collect(upTo: 1 << 20)
        let object = try? JSONSerialization.jsonObject(with: Data(data.readableBytesView)) as? [String: Any]
        return Answer(status: Int(response.status.code), message: object?["message"] as? String)
    }

    static func now() -> Int { Int(Date().timeIntervalSince1970 * 1e9) }

    /// The four bad requests, in order, against an axon on `port`.
    static func scenario(port: Int) async throws -> [Answer] {
        let alice = try Keypair(uri: "//Alice")
        let mallory = try Keypair(uri: "//Mallory")
        var answers = [Answer]()
        // A signature by someone else.
        let forged = try SynapseSignature(
            nonce: 1, dendriteHotkey: alice.ss58Address, axonHotkey: alice.ss58Address, uuid: "x", bodyHash: "y"
        ).sign(with: mallory)
        answers.append(try await send(Specs(), port: port, nonce: now(), uuid: "u-forged", signer: alice, signature: forged))
        // A replay of an accepted request.
        let nonce = now()
        answers.append(try await send(Specs(), port: port, nonce: nonce, uuid: "u-replay", signer: alice))
        answers.append(try await send(Specs(), port: port, nonce: nonce, uuid: "u-replay", signer: alice))
        // A first request with a nonce a minute old.
        answers.append(try await send(Specs(), port: port, nonce: now() - 60_000_000_000, uuid: "u-stale", signer: alice))
        return answers
    }

    @Test("forged signature, replayed nonce, stale nonce")
    func parity() async throws {
        let (process, pythonPort) = try NetworkInteropTests.startPythonAxon(uri: "//Bob")
        defer { process.terminate() }
        let theirs = try await Self.scenario(port: pythonPort)
        let ours = try await NetworkInteropTests.withOurAxon { _, port in try await Self.scenario(port: port) }
        #expect(theirs.map(\.status) == [401, 200, 401, 401])
        #expect(ours.map(\.status) == theirs.map(\.status))
        // Same texts; the stale one differs only in the measured age.
        #expect(ours[0].message?.hasPrefix("Not Verified with error: Signature mismatch with ") == true)
        #expect(ours[0].message?.split(separator: " ").count == theirs[0].message?.split(separator: " ").count)
        #expect(ours[2].message == theirs[2].message)
        #expect(ours[2].message == "Not Verified with error: Nonce is too old, a newer one was last processed")
        let stalePrefix = "Not Verified with error: Nonce is too old: acceptable delta is 16.00 seconds but request was 6"
        #expect(ours[3].message?.hasPrefix(stalePrefix) == true, "\(ours[3].message ?? "")")
        #expect(theirs[3].message?.hasPrefix(stalePrefix) == true, "\(theirs[3].message ?? "")")
    }

    @Test("oversized bodies and overrunning handlers are cut off")
    func limits() async throws {
        let alice = try Keypair(uri: "//Alice")
        let axon = Axon(
            keypair: try Keypair(uri: "//Bob"), configuration: AxonConfiguration(host: "127.0.0.1", port: 0, maximumBodyBytes: 4096))
        axon.attach(
            Specs.self,
            forward: { synapse in
                if synapse.specsInput == "slow" { try await Task.sleep(for: .seconds(10)) }
                return synapse
            })
        let ports = AsyncStream<Int>.makeStream()
        let server = Task { try await axon.run { ports.continuation.yield($0) } }
        defer { server.cancel() }
        var iterator = ports.stream.makeAsyncIterator()
        let port = try #require(await iterator.next())
        var big = Specs()
        big.specsInput = String(repeating: "x", count: 10_000)
        let tooBig = try await Self.send(big, port: port, nonce: Self.now(), uuid: "big", signer: alice)
        #expect(tooBig == Answer(status: 413, message: "Request body exceeds 4096 bytes"))
        var slow = Specs()
        slow.specsInput = "slow"
        slow.common.timeout = 1
        let overrun = try await Self.send(slow, port: port, nonce: Self.now(), uuid: "slow", signer: alice)
        #expect(overrun == Answer(status: 408, message: "Response timeout after: 1.0s"))  // after the grace
        // The server is still healthy afterwards.
        let fine = try await Self.send(Specs(), port: port, nonce: Self.now(), uuid: "fine", signer: alice)
        #expect(fine.status == 200)
    }
}
