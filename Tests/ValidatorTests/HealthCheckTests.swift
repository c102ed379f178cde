import ComputeProtocol
import Foundation
import Testing
import TestSupport
@testable import Validator

/// v2.2's post-PoG health check, both ends real: the worker's `health-server` (the process the
/// validator starts inside the rental) and ``HealthCheck``'s probe over HTTP on loopback. A port
/// that answers without this round's token (a static "Health OK" server, the cheap way to pass
/// the reference's check without a working rental) fails, as does a port nobody serves.
@Suite("post-PoG health check of user ports", .serialized)
struct HealthCheckTests {
    static var worker: String {
        TestPaths.pogWorker
    }

    static func start(_ executable: String, _ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func check(port: Int, token: String, window: Duration = .seconds(5)) async -> PoGFailure? {
        var check = HealthCheck(host: "127.0.0.1", ports: [UserPort(internalPort: port, externalPort: port)], workerPath: "/unused")
        check.probeWindow = window
        do {
            try await check.probe(check.ports[0], token: token)
            return nil
        } catch let failure as PoGFailure {
            return failure
        } catch {
            return .ssh("\(error)")
        }
    }

    @Test("the worker's server passes with its token; a wrong token, a static server and a closed port fail")
    func probe() async throws {
        let port = TestPorts.base(span: 2)
        let token = HealthCheck.freshToken()
        let server = try Self.start(Self.worker, ["health-server", "--port", "\(port)", "--timeout", "30", "--token", token])
        defer { server.terminate() }
        #expect(await Self.check(port: port, token: token) == nil)
        let wrong = await Self.check(port: port, token: HealthCheck.freshToken(), window: .seconds(2))
        #expect(wrong?.kind == "health_check" && "\(wrong!)".contains("without this round's token"), "\(String(describing: wrong))")

        // What the reference's check accepts: any 200 "Health OK" on the external port.
        let directory = NSTemporaryDirectory() + "health-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "Health OK".write(toFile: "\(directory)/index.html", atomically: true, encoding: .utf8)
        let staticPort = port + 1
        let staticServer = try Self.start(
            "/usr/bin/python3", ["-m", "http.server", "--bind", "127.0.0.1", "--directory", directory, "\(staticPort)"])
        defer { staticServer.terminate() }
        let forged = await Self.check(port: staticPort, token: token, window: .seconds(3))
        #expect(forged?.kind == "health_check", "\(String(describing: forged))")

        let closed = await Self.check(port: port + 2, token: token, window: .seconds(2))
        #expect(closed?.kind == "health_check" && "\(closed!)".contains("external port \(port + 2)"), "\(String(describing: closed))")
    }

    @Test("the worker refuses bad flags with the flag named")
    func flags() throws {
        for (arguments, flag) in [
            (["--port", "0"], "--port"), (["--port", "70000"], "--port"), (["--timeout", "0"], "--timeout"),
            (["--token", "a b"], "--token"), (["--token", String(repeating: "a", count: 65)], "--token"),
        ] {
            let output = try ChildProcess.run(Self.worker, ["health-server"] + arguments)
            #expect(output.status != 0 && output.combined.contains(flag), "\(arguments): \(output.combined)")
        }
    }

    @Test("the start line runs the worker detached, on the internal port, with the token")
    func startLine() {
        let check = HealthCheck(
            host: "10.0.0.1", ports: [UserPort(internalPort: 27015, externalPort: 31000)], workerPath: "/tmp/nicompute/nicompute-pog")
        let line = check.startLine(check.ports[0], token: "abc123")
        #expect(
            line == "nohup /tmp/nicompute/nicompute-pog health-server --port 27015 --timeout 90 --token abc123 </dev/null >/dev/null 2>&1 &"
        )
    }
}
