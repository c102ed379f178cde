import BittensorNetwork
import ComputeProtocol

/// `docker_action`, checked: what an owner asks of a live allocation.
public enum ContainerAction: Sendable, Equatable {
    case restart
    case pause
    case unpause
    /// Replaces the `user` (line 1) or `terminal` (line 2) key of `authorized_keys`.
    case exchangeKey(SSHPublicKey, slot: KeySlot)

    public enum KeySlot: String, Sendable {
        case user, terminal
    }

    public static func parse(_ json: JSONValue) throws(AllocationRefusal) -> ContainerAction {
        guard case .object = json, case let .string(wire)? = json["action"] else {
            throw .invalidRequest("docker_action.action: required, one of \(DockerAction.accepted)")
        }
        guard let action = DockerAction(wire: wire) else {
            throw .invalidRequest("docker_action.action: unknown action \"\(wire.prefix(40))\" (known: \(DockerAction.accepted))")
        }
        switch action {
        case .restart: return .restart
        case .pause: return .pause
        case .unpause: return .unpause
        case .exchangeKey:
            guard case let .string(line)? = json["ssh_key"], let key = try SSHPublicKey.optional(line, field: "docker_action.ssh_key")
            else {
                throw .invalidRequest("docker_action.ssh_key: required for exchange_key (an OpenSSH public key)")
            }
            var slot = KeySlot.user
            if case let .string(type)? = json["key_type"], !type.isEmpty {
                guard let parsed = KeySlot(rawValue: type) else {
                    throw .invalidRequest("docker_action.key_type: must be user or terminal")
                }
                slot = parsed
            }
            return .exchangeKey(key, slot: slot)
        }
    }

    /// The wire action this is.
    public var action: DockerAction {
        switch self {
        case .restart: .restart
        case .pause: .pause
        case .unpause: .unpause
        case .exchangeKey: .exchangeKey
        }
    }

    public var name: String { action.rawValue }
}
