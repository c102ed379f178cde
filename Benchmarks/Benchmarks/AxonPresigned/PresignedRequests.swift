import BittensorCrypto
import BittensorNetwork
import ComputeProtocol
import Foundation

/// Signed `Specs` requests made before the clock starts, as raw HTTP/1.1 bytes: one dendrite
/// (one uuid) per worker, nonces strictly increasing from now, exactly what our `Dendrite`
/// sends. The `timeout` header is 60 s, so each stays fresh for 64 s: the run must start and
/// end within that.
enum PresignedRequests {
    static let timeout = 60.0

    static func make(count: Int, target: AxonTarget, keypair: Keypair) throws -> [[UInt8]] {
        let uuid = UUID().uuidString.lowercased()
        let base = Int(Date().timeIntervalSince1970 * 1e9)
        var requests = [[UInt8]]()
        requests.reserveCapacity(count)
        for index in 0..<count {
            var synapse = Specs()
            synapse.common.name = Specs.name
            synapse.common.timeout = timeout
            let nonce = base + index
            var dendrite = TerminalInfo(ip: "127.0.0.1", version: 9_000_000, nonce: nonce, uuid: uuid, hotkey: keypair.ss58Address)
            synapse.common.axon = TerminalInfo(ip: target.ip, port: target.port, hotkey: target.hotkey)
            dendrite.signature = try SynapseSignature(
                nonce: nonce, dendriteHotkey: keypair.ss58Address, axonHotkey: target.hotkey, uuid: uuid, bodyHash: synapse.bodyHash
            ).sign(with: keypair)
            synapse.common.dendrite = dendrite
            let body = try SynapseCoder.encode(synapse)
            var headers = SynapseHeaders.make(for: synapse)
            if let binding = BodyBinding.header(for: synapse, signedBy: keypair) { headers.append(binding) }
            headers += [("Content-Type", "application/json"), ("Content-Length", "\(body.count)"), ("Host", "\(target.ip):\(target.port)")]
            let head = "POST /\(Specs.name) HTTP/1.1\r\n" + headers.map { "\($0.0): \($0.1)\r\n" }.joined() + "\r\n"
            requests.append(Array(head.utf8) + body)
        }
        return requests
    }
}
