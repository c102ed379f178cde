import Foundation
import Miner
import NIOCore
import NIOPosix
import Testing
import TestSupport

/// `nicompute miner check-ports` and the ``PortCheck`` it runs, on real sockets.
@Suite("check-ports: which ports reach the miner, and why not", .serialized)
struct CheckPortsTests {
    @Test("a probe tells our listener, a closed port and another service apart")
    func outcomes() async throws {
        let base = TestPorts.base(span: 3, step: 3)
        let listeners = await PortCheck.listen(ports: [base], token: "t0ken")
        let ours = try #require(try? listeners[base]?.get())
        defer { ours.close(promise: nil) }
        #expect(await PortCheck.probe(host: "127.0.0.1", port: base, token: "t0ken") == .reachable)
        #expect(await PortCheck.probe(host: "127.0.0.1", port: base, token: "another") != .reachable, "an old token does not count")
        #expect(await PortCheck.probe(host: "127.0.0.1", port: base + 1, token: "t0ken") == .refused)

        // Something else on the port: a server that greets with its own banner.
        let other = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(PortCheck.Greeter(line: "SSH-2.0-OpenSSH_9.2\r\n"))
                }
            }
            .bind(host: "127.0.0.1", port: base + 2).get()
        defer { other.close(promise: nil) }
        #expect(await PortCheck.probe(host: "127.0.0.1", port: base + 2, token: "t0ken") == .otherService("SSH-2.0-OpenSSH_9.2"))

        // A port already taken cannot be listened on; the failure names it.
        let taken = await PortCheck.listen(ports: [base + 2], token: "t0ken")
        guard case let .failure(failure)? = taken[base + 2] else { Issue.record("listening on a taken port succeeded"); return }
        #expect(failure.port == base + 2 && failure.description.contains("cannot listen"))
    }

    @Test("the command: reachable ports pass, a port in use fails the run with the port named; flags are checked")
    func command() async throws {
        let base = TestPorts.base(span: 6, step: 6)
        let blocker = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { $0.close() }
            .bind(host: "0.0.0.0", port: base + 5).get()
        defer { blocker.close(promise: nil) }
        let common = [
            "miner", "check-ports", "--host", "127.0.0.1", "--axon.port", "\(base)", "--ssh.port", "\(base + 1)", "--timeout", "2",
        ]

        let good = try MinerTestbed.run(MinerTestbed.nicompute, common + ["--external.ports", "\(base + 2),\(base + 3),\(base + 4)"])
        #expect(good.status == 0, "\(good.output)")
        for line in [
            "axon \(base): reachable", "ssh \(base + 1): reachable", "user 27015 \(base + 2): reachable",
            "user 27017 \(base + 4): reachable",
        ] {
            #expect(good.output.contains(line), "\(good.output)")
        }

        let busy = try MinerTestbed.run(MinerTestbed.nicompute, common + ["--external.ports", "\(base + 2),\(base + 5)"])
        #expect(busy.status == 1, "\(busy.output)")
        #expect(busy.output.contains("user 27016 \(base + 5): port \(base + 5): cannot listen"), "\(busy.output)")
        #expect(busy.output.contains("user 27015 \(base + 2): reachable"), "the other ports are still checked: \(busy.output)")

        for (flags, named) in [
            (["--external.ports", "1,2,3,4,5"], "external.ports"), (["--timeout", "0"], "--timeout"),
            (["--token", "not a token"], "--token"),
        ] {
            let refused = try MinerTestbed.run(MinerTestbed.nicompute, common + flags)
            #expect(refused.status != 0 && refused.output.contains(named), "\(flags): \(refused.output)")
        }
    }
}
