import AsyncHTTPClient
import BittensorCrypto
@testable import BittensorNetwork
import ComputeProtocol
import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A running axon (//Bob) for attack tests, with handlers and hooks that count what reached
/// them, and a sender that signs requests as //Alice and lets a test change any header or the
/// body before they go over the socket.
final class AxonHarness: Sendable {
    struct Answer: Equatable, CustomStringConvertible {
        let status: Int
        let message: String?
        var description: String { "\(status) \(message ?? "-")" }
    }

    /// A request as it goes on the wire.
    struct Wire: Sendable {
        var path: String
        var headers: [(String, String)]
        var body: [UInt8]

        /// Replaces the value of header `name` (adds it when absent).
        mutating func set(_ name: String, _ value: String) {
            headers.removeAll { $0.0 == name }
            headers.append((name, value))
        }
    }

    let axon: Axon
    let port: Int
    private let server: Task<Void, any Error>
    /// Hotkeys the blacklist hook was asked about.
    let blacklistCalls = Mutex<[String]>([])
    /// Public keys of the Allocate requests that reached the handler.
    let allocations = Mutex<[String]>([])
    /// For each Specs call that reached the handler: whether it ran on one of NIO's event loops.
    let specsOnEventLoop = Mutex<[Bool]>([])

    static let alice = try! Keypair(uri: "//Alice")
    static let bob = try! Keypair(uri: "//Bob")

    private init(axon: Axon, port: Int, server: Task<Void, any Error>) {
        self.axon = axon
        self.port = port
        self.server = server
    }

    /// Starts an axon on a free port; `nonceStorePath` as in ``AxonConfiguration``.
    static func start(nonceStorePath: String? = nil) async throws -> AxonHarness {
        let axon = Axon(keypair: bob, configuration: AxonConfiguration(host: "127.0.0.1", port: 0, nonceStorePath: nonceStorePath))
        let ports = AsyncStream<Int>.makeStream()
        let server = Task { try await axon.run { ports.continuation.yield($0) } }
        var iterator = ports.stream.makeAsyncIterator()
        guard let port = await iterator.next() else { throw PythonPeer.Failure(description: "the axon did not start") }
        let harness = AxonHarness(axon: axon, port: port, server: server)
        axon.attach(
            Specs.self,
            forward: { [harness] request in
                harness.specsOnEventLoop.withLock { $0.append(MultiThreadedEventLoopGroup.currentEventLoop != nil) }
                var answer = request
                answer.specsOutput = "specs:" + request.specsInput
                return answer
            },
            blacklist: { [harness] synapse in
                harness.blacklistCalls.withLock { $0.append(synapse.dendrite.hotkey ?? "") }
                return (false, "")
            })
        axon.attach(
            Allocate.self,
            forward: { [harness] request in
                harness.allocations.withLock { $0.append(request.publicKey) }
                var answer = request
                answer.output = .object([("status", .bool(true))])
                return answer
            },
            blacklist: { [harness] synapse in
                harness.blacklistCalls.withLock { $0.append(synapse.dendrite.hotkey ?? "") }
                return (false, "")
            })
        return harness
    }

    /// Stops the server and waits until it has.
    func stop() async {
        server.cancel()
        _ = await server.result
    }

    static func now() -> Int { Int(Date().timeIntervalSince1970 * 1e9) }

    /// `synapse` signed by `signer` for this axon, as our dendrite would send it (with the
    /// ``BodyBinding`` header for a synapse that binds fields).
    func signed<S: Synapse>(
        _ synapse: S, nonce: Int = AxonHarness.now(), uuid: String = UUID().uuidString,
        signer: Keypair = AxonHarness.alice, timeout: Double = 12
    ) throws -> Wire {
        var request = synapse
        request.common.timeout = timeout
        request.common.dendrite = TerminalInfo(ip: "127.0.0.1", version: 9_000_000, nonce: nonce, uuid: uuid, hotkey: signer.ss58Address)
        request.common.axon = TerminalInfo(ip: "127.0.0.1", port: port, hotkey: Self.bob.ss58Address)
        let message = SynapseSignature(
            nonce: nonce, dendriteHotkey: signer.ss58Address, axonHotkey: Self.bob.ss58Address,
            uuid: uuid, bodyHash: request.bodyHash)
        request.common.dendrite?.signature = try message.sign(with: signer)
        var headers = SynapseHeaders.make(for: request)
        if let binding = BodyBinding.header(for: request, signedBy: signer) { headers.append(binding) }
        return Wire(path: "/" + S.name, headers: headers, body: try SynapseCoder.encode(request))
    }

    /// Sends `wire` over a fresh HTTP request.
    func send(_ wire: Wire) async throws -> Answer {
        var http = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(wire.path)")
        http.method = .POST
        for (name, value) in wire.headers { http.headers.add(name: name, value: value) }
        http.headers.add(name: "Content-Type", value: "application/json")
        http.body = .bytes(ByteBuffer(bytes: wire.body))
        let response = try await HTTPClient.shared.execute(http, timeout: .seconds(30))
        let data = try await response.body.collect(upTo: 1 << 20)
        let object = try? JSONSerialization.jsonObject(with: Data(data.readableBytesView)) as? [String: Any]
        return Answer(status: Int(response.status.code), message: object?["message"] as? String)
    }

    /// The answer to a plain, valid Specs call (200 while the axon still serves).
    func ping() async throws -> Answer {
        var specs = Specs()
        specs.specsInput = "ping"
        return try await send(signed(specs))
    }
}

extension AxonHarness {
    /// The axon's `/metrics` text.
    func metrics() async throws -> String {
        let response = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: "http://127.0.0.1:\(port)/metrics"), timeout: .seconds(10))
        let data = try await response.body.collect(upTo: 1 << 20)
        return String(decoding: data.readableBytesView, as: UTF8.self)
    }
}
