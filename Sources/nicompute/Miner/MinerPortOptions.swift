import ArgumentParser
import ComputeProtocol

/// The miner's ports, shared by `nicompute miner run` and `nicompute miner check-ports` so that
/// both read and check them alike.
struct MinerPortOptions: ParsableArguments {
    @Option(name: .customLong("axon.port"), help: "The axon's port (validators and the Register API call it).")
    var axonPort = 8091

    @Option(name: .customLong("ssh.port"), help: "The host port mapped to the rental container's SSH port.")
    var sshPort = 4444

    @Option(
        name: .customLong("external.ports"),
        help: ArgumentHelp(
            "Host ports published to the rental's user ports 27015, 27016, 27017 and 27018, in that order (\"\" for none).",
            discussion:
                "SN27 v2.2: renters run their own services on the internal ports; validators check after Proof-of-GPU that each external port reaches the container. `nicompute miner check-ports` tells whether they are reachable from outside."
        ))
    var externalPorts = UserPort.defaultExternalPorts.map(String.init).joined(separator: ",")

    /// `--external.ports` paired with the internal user ports (checked by ``validate()``).
    var userPorts: [UserPort] { (try? UserPort.parse(externalPorts: externalPorts)) ?? [] }

    func validate() throws {
        for (flag, port) in [("--axon.port", axonPort), ("--ssh.port", sshPort)] {
            guard (1...65_535).contains(port) else { throw ValidationError("\(flag): must be 1…65535") }
        }
        guard axonPort != sshPort else { throw ValidationError("--ssh.port: must differ from --axon.port") }
        let userPorts: [UserPort]
        do { userPorts = try UserPort.parse(externalPorts: externalPorts) } catch { throw ValidationError("--\(error.description)") }
        for port in userPorts where port.externalPort == sshPort || port.externalPort == axonPort {
            throw ValidationError("--external.ports: \(port.externalPort) is also the axon or SSH port")
        }
    }
}
