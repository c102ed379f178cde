import BittensorNetwork

/// What `docker_action.action` asks of a rental's container; one enum for the miner, the
/// Register API and the CLI.
public enum DockerAction: String, Sendable, CaseIterable {
    case restart
    case pause
    case unpause
    /// Replaces the `user` or `terminal` SSH key (`docker_action.ssh_key`, `key_type`).
    case exchangeKey = "exchange_key"

    /// Reads the wire name; `resume` is the reference's other word for `unpause`.
    public init?(wire: String) {
        if wire == "resume" { self = .unpause } else { self.init(rawValue: wire) }
    }

    /// The names `docker_action.action` accepts, for error messages.
    public static let accepted = "restart, pause, unpause, resume, exchange_key"
}
