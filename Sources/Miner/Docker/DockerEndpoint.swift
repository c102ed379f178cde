#if canImport(Glibc)
    import Glibc
#endif

/// Where the Docker Engine API listens: `DOCKER_HOST` (a `unix://` socket), else Docker's
/// `/var/run/docker.sock`, else Podman's Docker-compatible `/run/podman/podman.sock`.
public struct DockerEndpoint: Sendable, Equatable, CustomStringConvertible {
    /// The unix socket's path.
    public let socketPath: String

    public init(socketPath: String) { self.socketPath = socketPath }

    /// The candidates in the order they are tried.
    public static let wellKnownSockets = ["/var/run/docker.sock", "/run/podman/podman.sock"]

    /// Resolves the endpoint from `dockerHost` (the value of `DOCKER_HOST`), else the first
    /// well-known socket that exists.
    public static func resolve(dockerHost: String?) throws(DockerError) -> DockerEndpoint {
        if let dockerHost, !dockerHost.isEmpty {
            guard dockerHost.hasPrefix("unix://") else {
                throw .unsupportedEndpoint(
                    "DOCKER_HOST=\(dockerHost): only unix:// sockets are supported (TCP would expose the engine without TLS)")
            }
            return DockerEndpoint(socketPath: String(dockerHost.dropFirst("unix://".count)))
        }
        for path in wellKnownSockets where access(path, F_OK) == 0 {
            return DockerEndpoint(socketPath: path)
        }
        throw .unsupportedEndpoint(
            "no container engine: DOCKER_HOST is unset and neither \(wellKnownSockets.joined(separator: " nor ")) exists (run scripts/container-engine.sh)"
        )
    }

    /// The environment's endpoint.
    public static func fromEnvironment() throws(DockerError) -> DockerEndpoint {
        try resolve(dockerHost: getenv("DOCKER_HOST").map { String(cString: $0) })
    }

    public var description: String { "unix://\(socketPath)" }
}
