import NIOCore
import NIOPosix

/// Waits until an SSH server answers on a port with its identification line (`SSH-2.0-…`), so
/// that the credentials a miner hands out work the moment the caller reads them.
enum SSHReadiness {
    struct NotReady: Error, CustomStringConvertible {
        let port: Int
        var description: String { "sshd did not answer on port \(port) in time" }
    }

    static func wait(host: String, port: Int, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await answers(host: host, port: port) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw NotReady(port: port)
    }

    /// One attempt: connect, read the first bytes, close.
    static func answers(host: String, port: Int) async -> Bool {
        let group = MultiThreadedEventLoopGroup.singleton
        let promise = group.any().makePromise(of: Bool.self)
        do {
            let channel = try await ClientBootstrap(group: group)
                .connectTimeout(.milliseconds(500))
                .channelInitializer { channel in channel.pipeline.addHandler(BannerHandler(promise: promise)) }
                .connect(host: host, port: port).get()
            let timeout = channel.eventLoop.scheduleTask(in: .seconds(2)) { promise.succeed(false) }
            let answered = try await promise.futureResult.get()
            timeout.cancel()
            try? await channel.close()
            return answered
        } catch {
            promise.succeed(false)
            return false
        }
    }

    private final class BannerHandler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        private let promise: EventLoopPromise<Bool>
        private var received = [UInt8]()

        init(promise: EventLoopPromise<Bool>) { self.promise = promise }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            received += buffer.readBytes(length: buffer.readableBytes) ?? []
            if received.count >= 4 { promise.succeed(received.starts(with: Array("SSH-".utf8))) }
        }

        func channelInactive(context: ChannelHandlerContext) {
            promise.succeed(false)
            context.fireChannelInactive()
        }
    }
}
