import NIOCore
import NIOSSH

/// One SSH session channel of a fleet miner: an exec request, stdin to EOF (streamed into the
/// upload, or kept for the worker's JSON request), then the command's output, exit status and
/// close, as OpenSSH's server does for `ssh host command`.
final class FleetSession: ChannelDuplexHandler, @unchecked Sendable {
    typealias InboundIn = SSHChannelData
    typealias OutboundIn = SSHChannelData
    typealias OutboundOut = SSHChannelData

    private let miner: FleetMiner
    private var command: String?
    private var upload: FleetUpload?
    private var input: [UInt8] = []
    private var failure: String?

    /// The worker's requests are small; the fleet keeps at most this much of other stdin.
    static let maximumInput = 4 << 20

    init(miner: FleetMiner) { self.miner = miner }

    func handlerAdded(context: ChannelHandlerContext) {
        _ = context.channel.setOption(ChannelOptions.allowRemoteHalfClosure, value: true)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case let exec as SSHChannelRequestEvent.ExecRequest:
            command = exec.command
            if exec.command.contains(" > "), exec.command.contains("sha256sum") {
                let decoder = FleetUpload.Decoder.allCases.first { exec.command.contains("\($0.rawValue) -dc") }
                upload = FleetUpload(decoder: decoder)
            }
            if exec.wantReply { context.triggerUserOutboundEvent(ChannelSuccessEvent(), promise: nil) }
        case ChannelEvent.inputClosed:
            finish(context: context)
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message = unwrapInboundIn(data)
        guard case .channel = message.type, case let .byteBuffer(buffer) = message.data else { return }
        miner.state.withLock { $0.bytesReceived += buffer.readableBytes }
        guard failure == nil else { return }
        if let upload {
            do { try upload.receive(buffer.readableBytesView) } catch { failure = "\(error)" }
        } else if input.count + buffer.readableBytes <= Self.maximumInput {
            input += buffer.readableBytesView
        } else {
            failure = "stdin: more than \(Self.maximumInput) bytes"
        }
    }

    private func finish(context: ChannelHandlerContext) {
        guard let command else {
            context.close(promise: nil)
            return
        }
        var reply: FleetWorker.Reply
        if let failure {
            reply = .failure(failure)
        } else if let upload {
            do {
                let hash = try upload.finish()
                miner.state.withLock { $0.workerSHA256 = hash }
                let path = command.split(separator: " ").last.map(String.init) ?? ""
                reply = FleetWorker.Reply(stdout: Array("\(hash)  \(path)\n".utf8))
            } catch {
                reply = .failure("\(error)")
            }
        } else {
            reply = FleetWorker(miner: miner).run(command, input: input)
        }
        for (type, bytes) in [(SSHChannelData.DataType.channel, reply.stdout), (.stdErr, reply.stderr)] where !bytes.isEmpty {
            context.write(
                wrapOutboundOut(SSHChannelData(type: type, data: .byteBuffer(context.channel.allocator.buffer(bytes: bytes)))), promise: nil
            )
        }
        context.flush()
        // The exit status after the output, and the close after both, as OpenSSH orders them.
        context.triggerUserOutboundEvent(SSHChannelRequestEvent.ExitStatus(exitStatus: Int(reply.status))).assumeIsolated().whenComplete {
            _ in
            context.close(promise: nil)
        }
    }
}
