#if canImport(Glibc)
    import Glibc
#endif
import NIOCore
import NIOPosix

/// `nicompute miner check-ports`: can validators and renters reach this machine's ports?
///
/// A check runs in two halves, which may run on two machines:
/// 1. ``listen(ports:token:)`` binds a temporary listener on each port (all addresses) that
///    greets every connection with a line naming `token`, so an answer proves it came from here
///    and not from whatever else a NAT forwards the port to;
/// 2. ``probe(host:port:token:timeout:)`` connects to the public address and reads that line.
/// Each outcome says why a port does not work: nothing could listen (in use), the connection
/// was refused (no forwarding), it timed out (a firewall drops it), or something else answered.
public enum PortCheck {
    /// What a probe of one port found.
    public enum Outcome: Sendable, Equatable, CustomStringConvertible {
        /// The listener answered with the token.
        case reachable
        /// Nothing accepted the connection: no forwarding to this machine, or nothing listens.
        case refused
        /// No answer within the time limit: a firewall drops the packets, or the address is wrong.
        case timedOut
        /// Something answered, but not our listener (its first bytes, printable, at most 60).
        case otherService(String)
        /// The connection failed otherwise (the system's words).
        case failed(String)

        public var works: Bool { self == .reachable }

        public var description: String {
            switch self {
            case .reachable: "reachable"
            case .refused: "refused: nothing forwards this port to this machine (open it in the firewall and any NAT in front)"
            case .timedOut: "timed out: a firewall drops the connection, or the address is not this machine's"
            case let .otherService(greeting): "another service answers (\(greeting.debugDescription)): the port leads elsewhere"
            case let .failed(reason): "failed: \(reason)"
            }
        }
    }

    /// Why a port could not be listened on.
    public struct ListenFailure: Error, Sendable, CustomStringConvertible {
        public let port: Int
        public let reason: String
        public var description: String { "port \(port): cannot listen (\(reason)); is another process using it?" }
    }

    /// The line a listener writes: fixed text, then the token.
    public static func greeting(token: String) -> String { "nicompute-port-check \(token)\n" }

    /// Listeners on `ports`, greeting with `token`, until `close` is called on each channel.
    /// A port that cannot be bound is reported, not thrown, so the other ports are still checked.
    public static func listen(
        ports: [Int], token: String,
        group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async -> [Int: Result<Channel, ListenFailure>] {
        var listeners = [Int: Result<Channel, ListenFailure>]()
        let line = greeting(token: token)
        for port in ports {
            do {
                let channel = try await ServerBootstrap(group: group)
                    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                    .childChannelInitializer { child in
                        child.eventLoop.makeCompletedFuture { try child.pipeline.syncOperations.addHandler(Greeter(line: line)) }
                    }
                    .bind(host: "0.0.0.0", port: port).get()
                listeners[port] = .success(channel)
            } catch {
                listeners[port] = .failure(ListenFailure(port: port, reason: String(describing: error)))
            }
        }
        return listeners
    }

    /// Connects to `host:port` and reads the greeting, within `timeout`.
    public static func probe(
        host: String, port: Int, token: String, timeout: TimeAmount = .seconds(5),
        group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async -> Outcome {
        let connection: NIOAsyncChannel<ByteBuffer, Never>
        do {
            connection = try await ClientBootstrap(group: group)
                .connectTimeout(timeout)
                .connect(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, Never>(wrappingChannelSynchronously: channel) }
                }
        } catch ChannelError.connectTimeout {
            return .timedOut
        } catch let error as NIOConnectionError {
            if error.connectionErrors.contains(where: { ($0.error as? IOError)?.errnoCode == ECONNREFUSED }) { return .refused }
            if error.connectionErrors.contains(where: { if case .connectTimeout? = $0.error as? ChannelError { true } else { false } }) {
                return .timedOut
            }
            return .failed(String(describing: error))
        } catch {
            return .failed(String(describing: error))
        }
        let limit = 256
        let received: [UInt8] =
            (try? await connection.executeThenClose { inbound, _ in
                // The greeting ends with the connection; a service that stays silent is cut off.
                let cutoff = connection.channel.eventLoop.scheduleTask(in: timeout) { connection.channel.close(promise: nil) }
                defer { cutoff.cancel() }
                var bytes = [UInt8]()
                do {
                    for try await buffer in inbound {
                        bytes += buffer.readableBytesView.prefix(limit - bytes.count)
                        if bytes.count >= limit { break }
                    }
                } catch {
                    // Closed by the cutoff or reset: judge what arrived.
                }
                return bytes
            }) ?? []
        let text = String(decoding: received, as: UTF8.self)
        if text == greeting(token: token) { return .reachable }
        if received.isEmpty { return .otherService("(nothing, then closed)") }
        return .otherService(String(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value < 0x7F }.prefix(60).map(Character.init)))
    }
}

extension PortCheck {
    /// Writes one fixed line to each connection once it is up, then closes it: the probe reads
    /// until the end of the stream.
    public final class Greeter: ChannelInboundHandler, Sendable {
        public typealias InboundIn = ByteBuffer

        private let line: String

        public init(line: String) { self.line = line }

        public func channelActive(context: ChannelHandlerContext) {
            let channel = context.channel
            context.writeAndFlush(NIOAny(ByteBuffer(string: line))).whenComplete { _ in channel.close(promise: nil) }
        }

        public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            // Whatever the caller sends is ignored.
        }
    }
}
