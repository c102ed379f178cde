/// A failure talking to the container engine, with the operation it interrupted.
public enum DockerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `DOCKER_HOST` names something we do not speak, or no engine was found.
    case unsupportedEndpoint(String)
    /// The socket did not answer.
    case unreachable(operation: String, reason: String)
    /// The engine answered with an error status and its message.
    case api(operation: String, status: Int, message: String)
    /// The engine's answer did not decode.
    case malformedResponse(operation: String, reason: String)

    /// Whether the engine said the object does not exist.
    public var isNotFound: Bool {
        if case let .api(_, status, _) = self { status == 404 } else { false }
    }

    public var description: String {
        switch self {
        case let .unsupportedEndpoint(reason): reason
        case let .unreachable(operation, reason): "container engine unreachable during \(operation): \(reason)"
        case let .api(operation, status, message): "container engine refused \(operation) (HTTP \(status)): \(message)"
        case let .malformedResponse(operation, reason): "container engine gave an unreadable answer to \(operation): \(reason)"
        }
    }
}
