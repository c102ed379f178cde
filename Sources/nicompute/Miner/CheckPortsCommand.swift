import ArgumentParser
import ComputeProtocol
import Foundation
import Miner
import NIOCore

/// `nicompute miner check-ports`: which of the miner's ports validators and renters can reach.
struct CheckPortsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-ports",
        abstract: "Check that the axon, SSH and user ports reach this machine from its public address.",
        discussion: """
            Listens on each port with a fresh token, connects to --host on each, and tells for each port \
            whether it is reachable and, when not, why: in use here, refused (nothing forwards it), timed \
            out (a firewall drops it) or answered by something else. Run it with the miner stopped, with \
            the ports the miner takes. SN27 v2.2 validators fail a miner whose user ports they cannot reach.

            On the miner machine (its public address probed from itself; a NAT that does not loop \
            back fails here though it works from outside):
              nicompute miner check-ports --host 203.0.113.7
            Truly from outside: on the miner, listen for ten minutes and note the token it prints,
              nicompute miner check-ports --serve 600
            then from another machine,
              nicompute miner check-ports --host 203.0.113.7 --token TOKEN
            """
    )

    @Option(name: .customLong("host"), help: "The miner's public address, as validators reach it.")
    var host: String?

    @OptionGroup var ports: MinerPortOptions

    @Option(name: .customLong("serve"), help: "Only listen, for this many seconds, printing the token to probe with from elsewhere.")
    var serveSeconds: Int?

    @Option(name: .customLong("token"), help: "Only probe --host, expecting the token a `--serve` run printed.")
    var token: String?

    @Option(name: .customLong("timeout"), help: "Seconds to wait for each port.")
    var timeoutSeconds = 5

    func validate() throws {
        guard (1...60).contains(timeoutSeconds) else { throw ValidationError("--timeout: must be 1…60 seconds") }
        if let serveSeconds {
            guard (1...86_400).contains(serveSeconds) else { throw ValidationError("--serve: must be 1…86400 seconds") }
            guard host == nil, token == nil else {
                throw ValidationError("--serve: only listens; give --host and --token to the probing side")
            }
        } else {
            guard let host, !host.isEmpty, host.utf8.count <= 253 else {
                throw ValidationError("--host: the miner's public address is required")
            }
        }
        if let token {
            guard (1...64).contains(token.utf8.count), token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw ValidationError("--token: the letters and digits a --serve run printed")
            }
        }
    }

    /// The ports to check, named as an operator knows them.
    private var named: [(name: String, port: Int)] {
        [("axon", ports.axonPort), ("ssh", ports.sshPort)] + ports.userPorts.map { ("user \($0.internalPort)", $0.externalPort) }
    }

    func run() async throws {
        let token = self.token ?? UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        var listeners = [Int: Result<Channel, PortCheck.ListenFailure>]()
        if self.token == nil {
            listeners = await PortCheck.listen(ports: named.map(\.port), token: token)
        }
        defer { for case let .success(channel) in listeners.values { channel.close(promise: nil) } }

        if let serveSeconds {
            for (name, port) in named {
                if case let .failure(failure)? = listeners[port] { Console.say("\(name) \(port): \(failure)") }
            }
            Console.say(
                "listening for \(serveSeconds) s; probe from outside with: nicompute miner check-ports --host <this machine's public address> --token \(token)"
                    + " --axon.port \(ports.axonPort) --ssh.port \(ports.sshPort) --external.ports \"\(ports.externalPorts)\"")
            try await Task.sleep(for: .seconds(serveSeconds))
            return
        }

        let host = self.host ?? ""
        var failed = 0
        for (name, port) in named {
            if case let .failure(failure)? = listeners[port] {
                Console.say("\(name) \(port): \(failure)")
                failed += 1
                continue
            }
            let outcome = await PortCheck.probe(host: host, port: port, token: token, timeout: .seconds(Int64(timeoutSeconds)))
            Console.say("\(name) \(port): \(outcome)")
            if !outcome.works { failed += 1 }
        }
        guard failed == 0 else { throw ExitCode(1) }
        Console.say("every port reaches this machine from \(host)")
    }
}
