import ArgumentParser
import ComputeProtocol

/// `nicompute rent restart|pause|unpause`: the container actions of `/service/…_docker`.
protocol RentContainerCommand: AsyncParsableCommand {
    /// The route's action: restart, pause or unpause.
    static var action: DockerAction { get }
    var api: RegisterAPIOptions { get }
    var rental: RentalSelector { get }
}

extension RentContainerCommand {
    func run() async throws {
        let reply = try await api.client().post("/service/\(Self.action.rawValue)_docker", query: rental.query)
        guard reply.status == 200 else { throw CLIError("\(Self.action.rawValue) failed: \(reply.failure)") }
        print(reply.message)
    }
}

struct RentRestartCommand: RentContainerCommand {
    static let configuration = CommandConfiguration(commandName: "restart", abstract: "Restart the rental's container.")
    static let action = DockerAction.restart
    @OptionGroup var api: RegisterAPIOptions
    @OptionGroup var rental: RentalSelector
}

struct RentPauseCommand: RentContainerCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause", abstract: "Pause the rental's container (its processes stop; the rental goes on).")
    static let action = DockerAction.pause
    @OptionGroup var api: RegisterAPIOptions
    @OptionGroup var rental: RentalSelector
}

struct RentUnpauseCommand: RentContainerCommand {
    static let configuration = CommandConfiguration(commandName: "unpause", abstract: "Resume a paused container.")
    static let action = DockerAction.unpause
    @OptionGroup var api: RegisterAPIOptions
    @OptionGroup var rental: RentalSelector
}

/// `nicompute rent exchange-key`: `/service/exchange_docker_key`.
struct RentExchangeKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exchange-key",
        abstract: "Install a new SSH public key in the rental's container (in place of the one given at allocation)."
    )

    @OptionGroup var api: RegisterAPIOptions
    @OptionGroup var rental: RentalSelector

    @Option(name: .customLong("ssh-key"), help: "The public key file (e.g. ~/.ssh/id_ed25519.pub).")
    var sshKeyPath: String

    func validate() throws { _ = try PublicKeyFile.read(sshKeyPath, flag: "--ssh-key") }

    func run() async throws {
        let key = try PublicKeyFile.read(sshKeyPath, flag: "--ssh-key")
        let reply = try await api.client().post(
            "/service/exchange_docker_key", query: rental.query + [("ssh_key", key), ("key_type", "user")])
        guard reply.status == 200 else { throw CLIError("exchange-key failed: \(reply.failure)") }
        print(reply.message)
    }
}
