import NIOCore
import NIOPosix
import NIOSSH

/// One SSH connection to a miner's test container (swift-nio-ssh), password-authenticated as
/// the miner's sealed credentials say, over which commands run one channel each. Every wait is
/// bounded and every output is capped: the other side is untrusted.
public final class SSHConnection: Sendable {
    private let channel: any Channel

    private init(channel: any Channel) { self.channel = channel }

    /// Connects and authenticates, or fails within `timeout`.
    public static func connect(
        host: String, port: Int, username: String, password: String,
        timeout: Duration = .seconds(15)
    ) async throws -> SSHConnection {
        let group = MultiThreadedEventLoopGroup.singleton
        let authenticated = group.any().makePromise(of: Void.self)
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(.init(timeout))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let ssh = NIOSSHHandler(
                        role: .client(
                            .init(
                                userAuthDelegate: PasswordAuthentication(username: username, password: password),
                                serverAuthDelegate: AnyHostKey())),
                        allocator: channel.allocator, inboundChildChannelInitializer: nil)
                    try channel.pipeline.syncOperations.addHandler(ssh)
                    try channel.pipeline.syncOperations.addHandler(AuthenticationWatcher(promise: authenticated))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: host, port: port).get()
        } catch {
            authenticated.fail(error)
            throw SSHError.connectionFailed("\(host):\(port): \(error)")
        }
        let timer = channel.eventLoop.scheduleTask(in: .init(timeout)) { authenticated.fail(SSHError.timedOut("authentication")) }
        do {
            try await authenticated.futureResult.get()
            timer.cancel()
        } catch {
            timer.cancel()
            try? await channel.close()
            throw error as? SSHError ?? SSHError.authenticationFailed("\(error)")
        }
        return SSHConnection(channel: channel)
    }

    /// Runs `command` with `input` on its stdin, then EOF; returns when the channel closes or
    /// fails after `timeout`. Output beyond `maximumOutputBytes` fails the command.
    public func run(_ command: String, input: [UInt8] = [], timeout: Duration, maximumOutputBytes: Int = 1 << 20) async throws
        -> SSHCommandResult
    {
        try await run(command, input: channel.allocator.buffer(bytes: input), timeout: timeout, maximumOutputBytes: maximumOutputBytes)
    }

    /// ``run(_:input:timeout:maximumOutputBytes:)`` with `input` sent as slices of the buffer,
    /// never copied: one buffer can feed many connections at once.
    public func run(_ command: String, input: ByteBuffer, timeout: Duration, maximumOutputBytes: Int = 1 << 20) async throws
        -> SSHCommandResult
    {
        let done = channel.eventLoop.makePromise(of: SSHCommandResult.self)
        let opened = channel.eventLoop.makePromise(of: Channel.self)
        channel.eventLoop.execute { [channel] in
            do {
                let handler = try channel.pipeline.syncOperations.handler(type: NIOSSHHandler.self)
                handler.createChannel(opened, channelType: .session) { child, _ in
                    child.eventLoop.makeCompletedFuture {
                        try child.pipeline.syncOperations.addHandler(
                            SSHCommandHandler(command: command, input: input, limit: maximumOutputBytes, promise: done))
                    }
                }
            } catch {
                opened.fail(error)
            }
        }
        let child: any Channel
        do { child = try await opened.futureResult.get() } catch {
            done.fail(error)
            throw SSHError.channelFailed("\(error)")
        }
        let timer = child.eventLoop.scheduleTask(in: .init(timeout)) {
            done.fail(SSHError.timedOut("`\(command.prefix(60))`"))
            child.close(promise: nil)
        }
        defer { timer.cancel() }
        return try await done.futureResult.get()
    }

    public func close() async {
        try? await channel.close()
    }
}

/// What a remote command printed and how it ended.
public struct SSHCommandResult: Sendable, Equatable {
    public var exitStatus: Int?
    public var stdout: [UInt8]
    public var stderr: [UInt8]

    public var standardOutput: String { String(decoding: stdout, as: UTF8.self) }
    public var standardError: String { String(decoding: stderr, as: UTF8.self) }
}

/// Why an SSH step failed.
public enum SSHError: Error, Equatable, Sendable, CustomStringConvertible {
    case connectionFailed(String)
    case authenticationFailed(String)
    case channelFailed(String)
    case timedOut(String)
    case outputTooLarge(Int)

    public var description: String {
        switch self {
        case let .connectionFailed(reason): "ssh connection failed: \(reason)"
        case let .authenticationFailed(reason): "ssh authentication failed: \(reason)"
        case let .channelFailed(reason): "ssh channel failed: \(reason)"
        case let .timedOut(what): "ssh timed out: \(what)"
        case let .outputTooLarge(limit): "ssh command printed more than \(limit) bytes"
        }
    }
}

/// Offers the password once; a server that wants anything else fails authentication.
private final class PasswordAuthentication: NIOSSHClientUserAuthenticationDelegate, @unchecked Sendable {
    private let username: String
    private var password: String?

    init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    func nextAuthenticationType(
        availableMethods: NIOSSHAvailableUserAuthenticationMethods,
        nextChallengePromise: EventLoopPromise<NIOSSHUserAuthenticationOffer?>
    ) {
        guard availableMethods.contains(.password), let password else {
            nextChallengePromise.succeed(nil)
            return
        }
        self.password = nil
        nextChallengePromise.succeed(.init(username: username, serviceName: "", offer: .password(.init(password: password))))
    }
}

/// Test containers get fresh host keys at their first start, so there is nothing to pin; the
/// proof does not rest on the channel (answers are verified against fresh seeds).
private final class AnyHostKey: NIOSSHClientServerAuthenticationDelegate {
    func validateHostKey(hostKey: NIOSSHPublicKey, validationCompletePromise: EventLoopPromise<Void>) {
        validationCompletePromise.succeed(())
    }
}

/// Completes `promise` when user authentication succeeds, fails it if the connection drops first.
private final class AuthenticationWatcher: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = Any
    private let promise: EventLoopPromise<Void>

    init(promise: EventLoopPromise<Void>) { self.promise = promise }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is UserAuthSuccessEvent { promise.succeed(()) }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(SSHError.authenticationFailed("the server closed the connection"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(SSHError.authenticationFailed("\(error)"))
        context.close(promise: nil)
    }
}
