import Crypto
import NIOCore
import NIOPosix
import NIOSSH

/// A fleet miner's SSH server (swift-nio-ssh): password authentication against the live test
/// allocation, session channels for exec only.
enum FleetSSHServer {
    /// Binds `miner.sshPort` on 127.0.0.1 with `hostKey`; the channel closes with the process.
    static func start(_ miner: FleetMiner, hostKey: NIOSSHPrivateKey) async throws -> any Channel {
        try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let ssh = NIOSSHHandler(
                        role: .server(.init(hostKeys: [hostKey], userAuthDelegate: PasswordCheck(miner: miner))),
                        allocator: channel.allocator,
                        inboundChildChannelInitializer: { child, type in
                            guard case .session = type else { return child.eventLoop.makeFailedFuture(FleetError("only session channels")) }
                            return child.eventLoop.makeCompletedFuture {
                                try child.pipeline.syncOperations.addHandler(FleetSession(miner: miner))
                            }
                        })
                    try channel.pipeline.syncOperations.addHandler(ssh)
                }
            }
            .bind(host: "127.0.0.1", port: miner.sshPort).get()
    }

    final class PasswordCheck: NIOSSHServerUserAuthenticationDelegate, Sendable {
        let miner: FleetMiner
        init(miner: FleetMiner) { self.miner = miner }

        var supportedAuthenticationMethods: NIOSSHAvailableUserAuthenticationMethods { .password }

        func requestReceived(request: NIOSSHUserAuthenticationRequest, responsePromise: EventLoopPromise<NIOSSHUserAuthenticationOutcome>) {
            guard case let .password(password) = request.request, miner.accepts(username: request.username, password: password.password)
            else {
                responsePromise.succeed(.failure)
                return
            }
            responsePromise.succeed(.success)
        }
    }
}
