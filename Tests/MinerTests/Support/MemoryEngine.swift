import Foundation
@testable import Miner
import NIOCore
import Synchronization

/// A container engine in memory, with the Docker Engine API's semantics the manager relies on
/// (names or ids as references, remove and stop of a missing container succeed, pause only a
/// running one) and failures a test switches on per operation.
final class MemoryEngine: ContainerEngine {
    enum Operation: String, Sendable { case create, start, stop, remove, pause, unpause, restart, inspect, list, exec }

    struct Container: Sendable {
        var id: String
        var name: String
        var labels: [String: String]
        var status: String
        var env: [String]
        var binds: [String] = []
    }

    private struct State {
        var containers: [Container] = []
        var failing: Set<Operation> = []
        var execExitCode = 0
        /// Execs whose command contains this exit 1 (the others as `execExitCode` says).
        var failingExecMarker: String?
        var log: [Operation] = []
        var execEnvironments: [[String]] = []
        var execCommands: [[String]] = []
    }

    private let state = Mutex(State())

    /// Makes `operations` fail (HTTP 500) until ``heal()``.
    func fail(_ operations: Operation...) { state.withLock { $0.failing.formUnion(operations) } }
    func heal() { state.withLock { $0.failing = [] } }
    /// The exit code every waited-for exec reports.
    func execExits(with code: Int) { state.withLock { $0.execExitCode = code } }
    /// Makes the execs whose command contains `marker` exit 1.
    func execFails(containing marker: String) { state.withLock { $0.failingExecMarker = marker } }

    var containers: [Container] { state.withLock { $0.containers } }
    var log: [Operation] { state.withLock { $0.log } }
    var execEnvironments: [[String]] { state.withLock { $0.execEnvironments } }
    var execCommands: [[String]] { state.withLock { $0.execCommands } }

    /// Puts a container there as if an earlier run (or another program) had made it.
    func add(name: String, labels: [String: String], status: String = "running") -> String {
        let id = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        state.withLock { $0.containers.append(Container(id: id, name: name, labels: labels, status: status, env: [])) }
        return id
    }

    private func step(_ operation: Operation) throws(DockerError) {
        let failing = state.withLock { state in
            state.log.append(operation)
            return state.failing.contains(operation)
        }
        if failing { throw .api(operation: operation.rawValue, status: 500, message: "injected failure") }
    }

    private func index(_ reference: String, in containers: [Container]) -> Int? {
        containers.firstIndex { $0.id == reference || $0.name == reference }
    }

    private func mutate(_ reference: String, _ operation: Operation, _ change: (inout Container) throws(DockerError) -> Void)
        throws(DockerError)
    {
        try step(operation)
        try state.withLock { (state: inout State) throws(DockerError) in
            guard let at = index(reference, in: state.containers) else {
                throw .api(operation: operation.rawValue, status: 404, message: "no such container: \(reference)")
            }
            try change(&state.containers[at])
        }
    }

    func createContainer(name: String, spec: ContainerSpec) async throws(DockerError) -> String {
        try step(.create)
        let id = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try state.withLock { (state: inout State) throws(DockerError) in
            guard index(name, in: state.containers) == nil else { throw .api(operation: "create", status: 409, message: "name in use") }
            state.containers.append(
                Container(
                    id: id, name: name, labels: spec.labels, status: "created", env: spec.env, binds: spec.hostConfig.binds ?? []))
        }
        return id
    }

    func startContainer(_ id: String) async throws(DockerError) { try mutate(id, .start) { $0.status = "running" } }

    func stopContainer(_ id: String, graceSeconds: Int) async throws(DockerError) {
        do { try mutate(id, .stop) { $0.status = "exited" } } catch  where error.isNotFound { return }
    }

    func removeContainer(_ id: String) async throws(DockerError) {
        try step(.remove)
        state.withLock { state in state.containers.removeAll { $0.id == id || $0.name == id } }
    }

    func pauseContainer(_ id: String) async throws(DockerError) {
        try mutate(id, .pause) { (container: inout Container) throws(DockerError) in
            guard container.status == "running" else { throw .api(operation: "pause", status: 409, message: "not running") }
            container.status = "paused"
        }
    }

    func unpauseContainer(_ id: String) async throws(DockerError) { try mutate(id, .unpause) { $0.status = "running" } }

    func restartContainer(_ id: String, graceSeconds: Int) async throws(DockerError) { try mutate(id, .restart) { $0.status = "running" } }

    func inspectContainer(_ id: String) async throws(DockerError) -> ContainerInspection? {
        try step(.inspect)
        guard let container = state.withLock({ state in index(id, in: state.containers).map { state.containers[$0] } }) else { return nil }
        let json: [String: Any] = [
            "Id": container.id, "State": ["Status": container.status], "HostConfig": [String: Any](),
            "Config": ["Labels": container.labels],
        ]
        do { return try JSONDecoder().decode(ContainerInspection.self, from: JSONSerialization.data(withJSONObject: json)) } catch {
            throw .malformedResponse(operation: "inspect", reason: "\(error)")
        }
    }

    func listContainers(withLabel label: String) async throws(DockerError) -> [ContainerSummary] {
        try step(.list)
        let parts = label.split(separator: "=", maxSplits: 1).map(String.init)
        let matching = state.withLock { $0.containers }.filter { parts.count == 2 && $0.labels[parts[0]] == parts[1] }
        let json: [[String: Any]] = matching.map { ["Id": $0.id, "Names": ["/\($0.name)"], "Labels": $0.labels, "State": $0.status] }
        do { return try JSONDecoder().decode([ContainerSummary].self, from: JSONSerialization.data(withJSONObject: json)) } catch {
            throw .malformedResponse(operation: "list", reason: "\(error)")
        }
    }

    func exec(in id: String, command: [String], environment: [String], detach: Bool, timeout: TimeAmount) async throws(DockerError)
        -> ExecResult
    {
        try mutate(id, .exec) { (container: inout Container) throws(DockerError) in
            guard container.status == "running" else { throw .api(operation: "exec", status: 409, message: "container is not running") }
        }
        let code = state.withLock { state in
            state.execEnvironments.append(environment)
            state.execCommands.append(command)
            if let marker = state.failingExecMarker, command.joined(separator: " ").contains(marker) { return 1 }
            return state.execExitCode
        }
        return ExecResult(exitCode: detach ? 0 : code, stdout: [], stderr: code == 0 ? [] : Array("injected exit".utf8))
    }
}
