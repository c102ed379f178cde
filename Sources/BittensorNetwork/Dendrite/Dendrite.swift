import AsyncHTTPClient
import BittensorCrypto
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A bittensor dendrite: signs synapses and sends them to axons, one or many at once, mapping
/// every outcome to the status codes and messages the Python dendrite reports.
///
/// Connections are pooled by the shared HTTP client; nonces are wall-clock nanoseconds made
/// strictly increasing for this dendrite's uuid, so concurrent calls never collide.
public final class Dendrite: Sendable {
    public let keypair: Keypair
    /// Fixed for this dendrite, as Python's `uuid.uuid1()` per instance.
    public let uuid: String
    /// Reported as `bt_header_dendrite_ip`.
    public let externalIP: String
    public let version: Int
    /// Larger responses are refused (422) rather than buffered.
    public let maximumResponseBytes: Int

    private let lastNonce = Mutex(0)
    private let client: HTTPClient

    public init(
        keypair: Keypair, externalIP: String = "127.0.0.1", version: Int = 9_000_000,
        maximumResponseBytes: Int = 16 << 20, client: HTTPClient = .shared
    ) {
        self.keypair = keypair
        self.uuid = UUIDString.random()
        self.externalIP = externalIP
        self.version = version
        self.maximumResponseBytes = maximumResponseBytes
        self.client = client
    }

    /// Sends `synapse` to every target concurrently; answers come back in the targets' order.
    public func forward<S: Synapse>(_ synapse: S, to targets: [AxonTarget], timeout: Double = 12) async -> [S] {
        await withTaskGroup(of: (Int, S).self) { group in
            for (index, target) in targets.enumerated() {
                group.addTask { (index, await self.call(synapse, to: target, timeout: timeout)) }
            }
            var answers = [S?](repeating: nil, count: targets.count)
            for await (index, answer) in group { answers[index] = answer }
            return answers.compactMap { $0 }
        }
    }

    /// Sends `synapse` to one axon and returns it with the axon's answer and the outcome in
    /// `dendrite.status_code` / `status_message`; never throws.
    public func call<S: Synapse>(_ synapse: S, to target: AxonTarget, timeout: Double = 12) async -> S {
        let started = ContinuousClock.now
        var request = prepare(synapse, for: target, timeout: timeout)
        do {
            let response = try await send(request, to: target, timeout: timeout)
            request = try merge(response, into: request)
        } catch let failure as CallFailure {
            var axon = request.axon
            axon.statusCode = failure.status
            axon.statusMessage = failure.message
            request.common.axon = axon
        } catch {
            var axon = request.axon
            axon.statusCode = 422
            axon.statusMessage = "Failed to parse response: \(error)"
            request.common.axon = axon
        }
        var dendrite = request.dendrite
        dendrite.statusCode = request.axon.statusCode
        dendrite.statusMessage = request.axon.statusMessage
        dendrite.processTime = (ContinuousClock.now - started).seconds
        request.common.dendrite = dendrite
        return request
    }

    /// Fills the terminals and signs, as Python's `preprocess_synapse_for_request`.
    func prepare<S: Synapse>(_ synapse: S, for target: AxonTarget, timeout: Double) -> S {
        var synapse = synapse
        synapse.common.name = S.name
        synapse.common.timeout = timeout
        var dendrite = TerminalInfo(ip: externalIP, version: version, nonce: nextNonce(), uuid: uuid, hotkey: keypair.ss58Address)
        synapse.common.axon = TerminalInfo(ip: target.ip, port: target.port, hotkey: target.hotkey)
        let signature = SynapseSignature(
            nonce: dendrite.nonce ?? 0, dendriteHotkey: keypair.ss58Address,
            axonHotkey: target.hotkey, uuid: uuid, bodyHash: synapse.bodyHash)
        dendrite.signature = try? signature.sign(with: keypair)
        synapse.common.dendrite = dendrite
        return synapse
    }

    private struct CallFailure: Error {
        let status: Int
        let message: String
    }

    private func send<S: Synapse>(_ synapse: S, to target: AxonTarget, timeout: Double) async throws -> (
        status: Int, headers: HTTPHeaders, body: ByteBuffer
    ) {
        var request = HTTPClientRequest(url: "http://\(target.ip):\(target.port)/\(S.name)")
        request.method = .POST
        for (name, value) in SynapseHeaders.make(for: synapse) { request.headers.add(name: name, value: value) }
        if let (name, value) = BodyBinding.header(for: synapse, signedBy: keypair) { request.headers.add(name: name, value: value) }
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try SynapseCoder.encode(synapse)))
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(Int64(timeout * 1e9)))
            let body = try await response.body.collect(upTo: maximumResponseBytes)
            return (Int(response.status.code), response.headers, body)
        } catch let error as HTTPClientError where [.deadlineExceeded, .readTimeout, .connectTimeout].contains(error) {
            throw CallFailure(status: 408, message: "Request timeout after \(PythonValue.floatRepr(timeout)) seconds")
        } catch is NIOConnectionError {
            throw CallFailure(status: 503, message: "Service unavailable at \(target.ip):\(target.port)/\(S.name)")
        } catch let error as HTTPClientError where error == .remoteConnectionClosed {
            throw CallFailure(status: 503, message: "Service unavailable at \(target.ip):\(target.port)/\(S.name)")
        } catch is IOError {
            // AsyncHTTPClient keeps retrying a refused connection until the deadline; the
            // outcome is then reported as Python reports a refused connection.
            throw CallFailure(status: 503, message: "Service unavailable at \(target.ip):\(target.port)/\(S.name)")
        }
    }

    /// Python's `process_server_response`: on 200 the axon's synapse replaces ours; otherwise
    /// its status and `message`; then the answer's `bt_header_*` terminal fields override.
    private func merge<S: Synapse>(_ response: (status: Int, headers: HTTPHeaders, body: ByteBuffer), into request: S) throws -> S {
        var result = request
        let data = Data(response.body.readableBytesView)
        if response.status == 200 {
            var answer = try SynapseCoder.decode(S.self, from: Array(data))
            answer.common.computedBodyHash = request.common.computedBodyHash
            result = answer
        } else {
            let message = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["message"] as? String
            var axon = result.axon
            axon.statusCode = response.status
            axon.statusMessage = message
            result.common.axon = axon
        }
        if let headerCommon = try? SynapseHeaders.parse(response.headers.map { ($0.name, $0.value) }) {
            result.common.axon = Self.overlay(headerCommon.axon, on: result.axon)
            result.common.dendrite = Self.overlay(headerCommon.dendrite, on: result.dendrite)
        }
        return result
    }

    private static func overlay(_ top: TerminalInfo?, on base: TerminalInfo) -> TerminalInfo {
        guard let top else { return base }
        var merged = base
        merged.statusCode = top.statusCode ?? base.statusCode
        merged.statusMessage = top.statusMessage ?? base.statusMessage
        merged.processTime = top.processTime ?? base.processTime
        merged.ip = top.ip ?? base.ip
        merged.port = top.port ?? base.port
        merged.version = top.version ?? base.version
        merged.nonce = top.nonce ?? base.nonce
        merged.uuid = top.uuid ?? base.uuid
        merged.hotkey = top.hotkey ?? base.hotkey
        merged.signature = top.signature ?? base.signature
        return merged
    }

    /// Wall-clock nanoseconds, bumped past the last one handed out.
    private func nextNonce() -> Int {
        let now = WallClock.nanoseconds()
        return lastNonce.withLock { last in
            last = max(now, last + 1)
            return last
        }
    }
}
