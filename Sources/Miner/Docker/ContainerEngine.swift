import NIOCore

/// The container engine as the ``AllocationManager`` uses it: the Docker Engine API
/// (``DockerClient``, against Docker or Podman) in service; the manager's unit tests use an
/// in-memory engine that fails where they ask it to.
///
/// No defaults here: the manager states every grace period and timeout it means.
public protocol ContainerEngine: Sendable {
    func createContainer(name: String, spec: ContainerSpec) async throws(DockerError) -> String
    func startContainer(_ id: String) async throws(DockerError)
    func stopContainer(_ id: String, graceSeconds: Int) async throws(DockerError)
    func removeContainer(_ id: String) async throws(DockerError)
    func pauseContainer(_ id: String) async throws(DockerError)
    func unpauseContainer(_ id: String) async throws(DockerError)
    func restartContainer(_ id: String, graceSeconds: Int) async throws(DockerError)
    /// nil when no such container exists.
    func inspectContainer(_ id: String) async throws(DockerError) -> ContainerInspection?
    func listContainers(withLabel label: String) async throws(DockerError) -> [ContainerSummary]
    @discardableResult
    func exec(in id: String, command: [String], environment: [String], detach: Bool, timeout: TimeAmount) async throws(DockerError)
        -> ExecResult
}

extension DockerClient: ContainerEngine {}

/// Waits until sshd answers on a host port (``SSHReadiness`` in service).
public typealias SSHReadinessCheck = @Sendable (_ port: Int, _ timeout: Duration) async throws -> Void
