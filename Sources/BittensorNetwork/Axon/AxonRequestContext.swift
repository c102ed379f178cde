import Hummingbird
import NIOCore

/// The request context of an axon: the TCP peer is needed to fill `dendrite.ip`/`port`.
struct AxonRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
