import NIOCore
import NIOSSH

/// Runs one command on an SSH session channel: exec request, stdin then EOF, stdout and stderr
/// collected up to a limit, exit status; the result is delivered when the channel closes.
final class SSHCommandHandler: ChannelDuplexHandler, @unchecked Sendable {
    typealias InboundIn = SSHChannelData
    typealias OutboundIn = SSHChannelData
    typealias OutboundOut = SSHChannelData

    private let command: String
    private let input: ByteBuffer
    private let limit: Int
    private let promise: EventLoopPromise<SSHCommandResult>
    private var result = SSHCommandResult(exitStatus: nil, stdout: [], stderr: [])

    init(command: String, input: ByteBuffer, limit: Int, promise: EventLoopPromise<SSHCommandResult>) {
        self.command = command
        self.input = input
        self.limit = limit
        self.promise = promise
    }

    func handlerAdded(context: ChannelHandlerContext) {
        context.channel.setOption(ChannelOptions.allowRemoteHalfClosure, value: true).whenFailure { [promise] error in
            promise.fail(SSHError.channelFailed("\(error)"))
        }
    }

    func channelActive(context: ChannelHandlerContext) {
        let exec = SSHChannelRequestEvent.ExecRequest(command: command, wantReply: true)
        context.triggerUserOutboundEvent(exec).assumeIsolated().whenComplete { [self] outcome in
            switch outcome {
            case .success: sendInput(context: context)
            case let .failure(error):
                promise.fail(SSHError.channelFailed("exec refused: \(error)"))
                context.close(promise: nil)
            }
        }
        context.fireChannelActive()
    }

    private func sendInput(context: ChannelHandlerContext) {
        // Large inputs (the worker binary) go in chunks; NIO's channel flow control paces them.
        // Each chunk is a slice: it shares the input's storage, nothing is copied.
        guard input.readableBytes > 0 else {
            context.close(mode: .output, promise: nil)
            return
        }
        let chunk = 32 * 1024
        var remaining = input
        var last: EventLoopFuture<Void>?
        while let slice = remaining.readSlice(length: min(chunk, remaining.readableBytes)), slice.readableBytes > 0 {
            last = context.write(wrapOutboundOut(SSHChannelData(type: .channel, data: .byteBuffer(slice))))
        }
        context.flush()
        // EOF once every byte is out, so the remote `cat` (or worker) sees the whole input.
        last?.assumeIsolated().whenComplete { _ in context.close(mode: .output, promise: nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message = unwrapInboundIn(data)
        guard case let .byteBuffer(buffer) = message.data else { return }
        let bytes = Array(buffer.readableBytesView)
        switch message.type {
        case .channel: result.stdout += bytes
        case .stdErr: result.stderr += bytes
        default: break
        }
        if result.stdout.count + result.stderr.count > limit {
            promise.fail(SSHError.outputTooLarge(limit))
            context.close(promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case let status as SSHChannelRequestEvent.ExitStatus: result.exitStatus = status.exitStatus
        default: context.fireUserInboundEventTriggered(event)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.succeed(result)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(SSHError.channelFailed("\(error)"))
        context.close(promise: nil)
    }
}
