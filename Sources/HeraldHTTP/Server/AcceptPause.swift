import Logging
import NIOCore
#if canImport(Glibc)
import Glibc
#endif

/// On the listening channel: when `accept()` fails for lack of descriptors (EMFILE, ENFILE), stops polling the
/// listening socket for a moment and then tries again. NIO keeps the socket registered while its read is pending,
/// so the level-triggered poller would otherwise wake it in a tight loop (a core at 100 %) until a descriptor frees.
final class AcceptPause: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = any Channel
    typealias InboundOut = any Channel

    private let pause: TimeAmount
    private let logger: Logger
    private var paused = false
    private var lastWarning: NIODeadline = .uptimeNanoseconds(0)

    init(pause: TimeAmount = .milliseconds(250), logger: Logger) {
        self.pause = pause
        self.logger = logger
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let failure = error as? IOError, failure.errnoCode == EMFILE || failure.errnoCode == ENFILE else {
            return context.fireErrorCaught(error)
        }
        guard !paused else { return }
        paused = true
        if NIODeadline.now() - lastWarning > .seconds(10) {
            lastWarning = .now()
            logger.warning("Out of file descriptors: pausing accept (lower --max-connections or raise ulimit -n)")
        }
        try? context.channel.syncOptions?.setOption(ChannelOptions.autoRead, value: false)
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        context.eventLoop.scheduleTask(in: pause) {
            let (handler, context) = bound.value
            handler.paused = false
            try? context.channel.syncOptions?.setOption(ChannelOptions.autoRead, value: true)
        }
    }

    /// Adds the pause to a listening channel (from `Application`'s `onServerRunning`).
    static func install(on channel: any Channel, logger: Logger) async {
        try? await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.addHandler(AcceptPause(logger: logger), position: .first)
        }.get()
    }
}
