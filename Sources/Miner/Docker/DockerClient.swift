import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A small Docker Engine API client over the engine's unix socket: only the endpoints a miner
/// uses (images, containers, exec), each with a bounded wait and a bounded answer. Works with
/// Docker and with Podman's Docker-compatible service.
public final class DockerClient: Sendable {
    /// The API version every path is prefixed with; Docker ≥ 20.10 and Podman ≥ 4 serve it.
    public static let apiVersion = "v1.41"

    public let endpoint: DockerEndpoint
    private let http: HTTPClient
    private let ownsHTTPClient: Bool
    /// Answers larger than this are cut off (exec output included).
    private let maximumResponseBytes = 8 << 20

    public init(endpoint: DockerEndpoint, httpClient: HTTPClient? = nil) {
        self.endpoint = endpoint
        self.http = httpClient ?? HTTPClient(eventLoopGroupProvider: .singleton)
        self.ownsHTTPClient = httpClient == nil
    }

    /// Releases the connection pool; call once when done.
    public func shutdown() async {
        if ownsHTTPClient { try? await http.shutdown() }
    }

    // MARK: - Engine and images

    /// Whether the engine answers `GET /_ping`.
    public func ping() async -> Bool {
        (try? await send("ping", .GET, "/_ping", timeout: .seconds(5))) != nil
    }

    /// Whether `image` (a name or id) is present locally.
    public func imageExists(_ image: String) async throws(DockerError) -> Bool {
        do {
            _ = try await send("inspect image \(image)", .GET, "/images/\(Self.imagePath(image))/json", timeout: .seconds(10))
            return true
        } catch  where error.isNotFound {
            return false
        }
    }

    /// Whether the engine has a network named `name`.
    public func networkExists(_ name: String) async throws(DockerError) -> Bool {
        do {
            _ = try await send("inspect network \(name)", .GET, "/networks/\(Self.pathComponent(name))", timeout: .seconds(10))
            return true
        } catch  where error.isNotFound {
            return false
        }
    }

    /// Builds `tag` from a one-file context holding `dockerfile` (text we write, never a
    /// renter's), waiting up to `timeout` (base images are large).
    public func buildImage(tag: String, dockerfile: String, timeout: TimeAmount = .minutes(30)) async throws(DockerError) {
        let context = TarArchive.singleFile(named: "Dockerfile", contents: Array(dockerfile.utf8))
        let answer = try await send(
            "build image \(tag)", .POST, "/build?t=\(Self.queryValue(tag))&rm=true&forcerm=true",
            body: Data(context), contentType: "application/x-tar", timeout: timeout)
        // The build streams JSON lines; a failed step shows up as an "error" line, not a status.
        let text = String(decoding: answer, as: UTF8.self)
        if let line = text.split(separator: "\n").first(where: { $0.contains("\"error\"") }) {
            throw .api(operation: "build image \(tag)", status: 500, message: String(line.prefix(500)))
        }
    }

    /// Removes image `tag`; an image already gone is not an error.
    public func removeImage(_ tag: String) async throws(DockerError) {
        do {
            _ = try await send("remove image \(tag)", .DELETE, "/images/\(Self.imagePath(tag))", timeout: .seconds(60))
        } catch  where error.isNotFound {
            return
        }
    }

    // MARK: - Containers

    /// Creates container `name` and returns its id.
    public func createContainer(name: String, spec: ContainerSpec) async throws(DockerError) -> String {
        let operation = "create container \(name)"
        let body: Data
        do { body = try JSONEncoder().encode(spec) } catch { throw .malformedResponse(operation: operation, reason: "\(error)") }
        let answer = try await send(operation, .POST, "/containers/create?name=\(Self.queryValue(name))", body: body, timeout: .seconds(60))
        struct Created: Decodable { var Id: String }
        return try decode(Created.self, from: answer, operation: operation).Id
    }

    public func startContainer(_ id: String) async throws(DockerError) {
        _ = try await send("start container \(id)", .POST, "/containers/\(Self.pathComponent(id))/start", timeout: .seconds(60))
    }

    /// Stops the container (SIGTERM, then SIGKILL after `graceSeconds`); already stopped or gone
    /// is fine.
    public func stopContainer(_ id: String, graceSeconds: Int = 10) async throws(DockerError) {
        do {
            _ = try await send(
                "stop container \(id)", .POST, "/containers/\(Self.pathComponent(id))/stop?t=\(graceSeconds)",
                timeout: .seconds(Int64(graceSeconds) + 30))
        } catch let error where Self.status(of: error) == 304 || error.isNotFound {
            // Already stopped, or already gone: either way it is not running.
            return
        }
    }

    /// Removes the container, stopping it first; a container already gone is not an error.
    public func removeContainer(_ id: String) async throws(DockerError) {
        do {
            _ = try await send(
                "remove container \(id)", .DELETE, "/containers/\(Self.pathComponent(id))?force=true&v=true", timeout: .seconds(60))
        } catch  where error.isNotFound {
            return
        }
    }

    public func pauseContainer(_ id: String) async throws(DockerError) {
        _ = try await send("pause container \(id)", .POST, "/containers/\(Self.pathComponent(id))/pause", timeout: .seconds(30))
    }

    public func unpauseContainer(_ id: String) async throws(DockerError) {
        _ = try await send("unpause container \(id)", .POST, "/containers/\(Self.pathComponent(id))/unpause", timeout: .seconds(30))
    }

    public func restartContainer(_ id: String, graceSeconds: Int = 10) async throws(DockerError) {
        _ = try await send(
            "restart container \(id)", .POST, "/containers/\(Self.pathComponent(id))/restart?t=\(graceSeconds)",
            timeout: .seconds(Int64(graceSeconds) + 60))
    }

    /// The container's state and limits, or nil when it does not exist.
    public func inspectContainer(_ id: String) async throws(DockerError) -> ContainerInspection? {
        let operation = "inspect container \(id)"
        do {
            let answer = try await send(operation, .GET, "/containers/\(Self.pathComponent(id))/json", timeout: .seconds(15))
            return try decode(ContainerInspection.self, from: answer, operation: operation)
        } catch  where error.isNotFound {
            return nil
        }
    }

    /// Every container, running or not, that carries `label` (`key`, or `key=value`).
    public func listContainers(withLabel label: String) async throws(DockerError) -> [ContainerSummary] {
        let operation = "list containers labelled \(label)"
        let filters = String(decoding: (try? JSONEncoder().encode(["label": [label]])) ?? Data(), as: UTF8.self)
        let answer = try await send(operation, .GET, "/containers/json?all=true&filters=\(Self.queryValue(filters))", timeout: .seconds(15))
        return try decode([ContainerSummary].self, from: answer, operation: operation)
    }

    // MARK: - Exec

    /// Runs `command` (an argument vector, never a host shell line) in the running container with
    /// `environment`, and waits for it unless `detach`. Renter-supplied text travels in the
    /// environment, so no shell ever parses it as code on the host or in our own scripts.
    @discardableResult
    public func exec(
        in id: String, command: [String], environment: [String] = [], detach: Bool = false,
        timeout: TimeAmount = .seconds(30)
    ) async throws(DockerError) -> ExecResult {
        let operation = "exec in container \(id)"
        struct Create: Encodable {
            var Cmd: [String]
            var Env: [String]
            var AttachStdout: Bool
            var AttachStderr: Bool
        }
        struct Created: Decodable { var Id: String }
        struct Start: Encodable {
            var Detach: Bool
            var Tty: Bool
        }
        struct Inspect: Decodable { var ExitCode: Int?; var Running: Bool? }
        let createBody: Data, startBody: Data
        do {
            createBody = try JSONEncoder().encode(Create(Cmd: command, Env: environment, AttachStdout: !detach, AttachStderr: !detach))
            startBody = try JSONEncoder().encode(Start(Detach: detach, Tty: false))
        } catch {
            throw .malformedResponse(operation: operation, reason: "\(error)")
        }
        let created = try decode(
            Created.self,
            from: try await send(operation, .POST, "/containers/\(Self.pathComponent(id))/exec", body: createBody, timeout: .seconds(15)),
            operation: operation)
        let stream = try await send(operation, .POST, "/exec/\(created.Id)/start", body: startBody, timeout: timeout)
        if detach { return ExecResult(exitCode: 0, stdout: [], stderr: []) }
        let inspect = try decode(
            Inspect.self, from: try await send(operation, .GET, "/exec/\(created.Id)/json", timeout: .seconds(15)), operation: operation)
        let (stdout, stderr) = ExecResult.demultiplex(stream)
        return ExecResult(exitCode: inspect.ExitCode ?? -1, stdout: stdout, stderr: stderr)
    }

    // MARK: - Transport

    private func send(
        _ operation: String, _ method: HTTPMethod, _ path: String, body: Data? = nil,
        contentType: String = "application/json", timeout: TimeAmount
    ) async throws(DockerError) -> [UInt8] {
        guard let url = URL(httpURLWithSocketPath: endpoint.socketPath, uri: "/\(Self.apiVersion)\(path)") else {
            throw .unsupportedEndpoint("cannot address \(endpoint.socketPath)")
        }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = method
        // Go's HTTP server (Docker, Podman) refuses requests without Host; a unix socket has none.
        request.headers.add(name: "Host", value: "docker")
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response: HTTPClientResponse
        let bytes: [UInt8]
        do {
            response = try await http.execute(request, timeout: timeout)
            var buffer = try await response.body.collect(upTo: maximumResponseBytes)
            bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch {
            throw .unreachable(operation: operation, reason: "\(endpoint): \(error)")
        }
        guard (200..<300).contains(Int(response.status.code)) else {
            struct Message: Decodable { var message: String }
            let message =
                (try? JSONDecoder().decode(Message.self, from: Data(bytes)).message) ?? String(decoding: bytes.prefix(300), as: UTF8.self)
            throw .api(operation: operation, status: Int(response.status.code), message: message)
        }
        return bytes
    }

    private func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], operation: String) throws(DockerError) -> T {
        do { return try JSONDecoder().decode(T.self, from: Data(bytes)) } catch {
            throw .malformedResponse(operation: operation, reason: "\(error)")
        }
    }

    private static func status(of error: DockerError) -> Int? {
        if case let .api(_, status, _) = error { status } else { nil }
    }

    private static func pathComponent(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.:"))) ?? text
    }

    /// Image references keep their `/` (`pytorch/pytorch:tag`), as the engine routes them.
    private static func imagePath(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.:/@"))) ?? text
    }

    static func queryValue(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_."))) ?? text
    }
}
