import AsyncHTTPClient
import ComputeProtocol
import Foundation
import Logging
import NIOCore

/// SN27 v2.2's health check after a passing Proof-of-GPU: each user port of the test container
/// must be reachable from outside. In order: start the worker's `health-server` on every internal
/// port in the container (over the test's SSH session, in the background) → probe each external
/// port on the miner's address with `GET /` until it answers or ``probeWindow`` passes. A port
/// that never answers fails the round (not retried, as in v2.2).
///
/// Stronger than the reference's check in one way: the body must carry a fresh token that only
/// the server in this container knows, so a miner cannot pass with a static "Health OK" server
/// on its external ports that never reaches a rental. A miner whose answer lists no user ports
/// (before v2.2, or run with `--external.ports ""`) has nothing to check, as in v2.2.
struct HealthCheck: Sendable {
    /// The miner's address, as published on chain.
    let host: String
    let ports: [UserPort]
    let workerPath: String
    /// How long one external port may take to answer (v2.2: 15 s).
    var probeWindow: Duration = .seconds(15)
    /// How long the servers run: past the last probe, and gone with the container anyway.
    var serverSeconds = 90

    /// The token the servers append to their body; letters and digits only (the worker checks).
    static func freshToken() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<32).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    /// The shell line that starts one server in the background, detached from the session.
    func startLine(_ port: UserPort, token: String) -> String {
        "nohup \(workerPath) health-server --port \(port.internalPort) --timeout \(serverSeconds) --token \(token) </dev/null >/dev/null 2>&1 &"
    }

    /// Runs the check; throws ``PoGFailure/healthCheck(_:)`` naming the first port that failed.
    func verify(over shell: any RemoteShell, logger: Logger) async throws {
        guard !ports.isEmpty else { return }
        let token = Self.freshToken()
        for port in ports {
            let started: SSHCommandResult
            do {
                started = try await shell.run(startLine(port, token: token), input: [], timeout: .seconds(30), maximumOutputBytes: 1 << 16)
            } catch {
                throw PoGFailure.ssh("health check: starting the server on port \(port.internalPort): \(error)")
            }
            guard started.exitStatus == 0 else {
                throw PoGFailure.healthCheck(
                    "the server on internal port \(port.internalPort) did not start (exit \(started.exitStatus.map(String.init) ?? "none"))"
                )
            }
        }
        for port in ports {
            try await probe(port, token: token)
            logger.debug("health check: \(host):\(port.externalPort) reaches internal port \(port.internalPort)")
        }
    }

    /// `GET /` on the external port, once a second, until the container's answer arrives.
    func probe(_ port: UserPort, token: String) async throws {
        let url = "http://\(host.contains(":") ? "[\(host)]" : host):\(port.externalPort)/"
        let expected = "Health OK \(token)"
        let deadline = ContinuousClock.now + probeWindow
        var last = "no answer"
        while ContinuousClock.now < deadline {
            do {
                let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(2))
                let body = try await response.body.collect(upTo: 1_024)
                if response.status == .ok, String(buffer: body) == expected { return }
                last =
                    response.status == .ok
                    ? "HTTP 200 without this round's token (not the rental's server)" : "HTTP \(response.status.code)"
            } catch {
                last = "\(error)"
            }
            try await Task.sleep(for: .seconds(1))
        }
        throw PoGFailure.healthCheck("external port \(port.externalPort) (internal \(port.internalPort)) on \(host): \(last.prefix(200))")
    }
}
