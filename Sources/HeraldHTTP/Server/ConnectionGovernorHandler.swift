import Logging
import NIOCore
import NIOHTTPTypes

/// Puts one HTTP/1 connection under a ``ConnectionGovernor``: registers it (closing it at once when refused),
/// marks it busy from a request's head to its response's end, and closes it when a request's head and body do not
/// arrive within the read timeout (a client dribbling its body cannot hold a connection). Idle connections are
/// closed by Hummingbird's idle timeout.
final class ConnectionGovernorHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let governor: ConnectionGovernor
    private let logger: Logger
    private var registered = false
    private var busy = false
    private var readDeadline: Scheduled<Void>?

    /// Sent through the pipeline when the governor chose this connection to make room.
    struct CloseIfIdle {}

    init(governor: ConnectionGovernor, logger: Logger) {
        self.governor = governor
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { register(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        register(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        unregister(context)
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        unregister(context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            busy = true
            governor.busy(ObjectIdentifier(context.channel))
            readDeadline?.cancel()
            let timeout = governor.requestReadTimeout
            let logger = self.logger
            readDeadline = context.eventLoop.assumeIsolated().scheduleTask(in: .init(timeout)) { [channel = context.channel] in
                logger.debug("Closing a connection whose request did not arrive in time", metadata: ["timeout": "\(timeout)"])
                channel.close(promise: nil)
            }
        case .end:
            readDeadline?.cancel()
            readDeadline = nil
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let end = if case .end = unwrapOutboundIn(data) { true } else { false }
        context.write(data, promise: promise)
        if end {
            busy = false
            governor.idle(ObjectIdentifier(context.channel))
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is CloseIfIdle else { return context.fireUserInboundEventTriggered(event) }
        if busy {
            // A request arrived after the governor chose this connection: it stays, tracked again.
            governor.readmit(ObjectIdentifier(context.channel), close: Self.closeRequest(context.channel))
        } else {
            registered = false
            context.close(promise: nil)
        }
    }

    /// Asks the connection, on its own event loop, to close if it is still idle.
    private static func closeRequest(_ channel: any Channel) -> @Sendable () -> Void {
        { channel.pipeline.fireUserInboundEventTriggered(CloseIfIdle()) }
    }

    private func register(_ context: ChannelHandlerContext) {
        guard !registered else { return }
        registered = true
        let channel = context.channel
        if !governor.opened(ObjectIdentifier(channel), close: Self.closeRequest(channel)) {
            logger.debug("Refusing a connection: every connection is busy")
            channel.close(promise: nil)
        }
    }

    private func unregister(_ context: ChannelHandlerContext) {
        readDeadline?.cancel()
        readDeadline = nil
        guard registered else { return }
        registered = false
        governor.closed(ObjectIdentifier(context.channel))
    }
}
