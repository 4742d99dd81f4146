import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// How Herald's HTTP/1 server treats connections.
public struct ConnectionLimits: Sendable {
    /// Connections idle (between requests, or before the first) longer than this are closed.
    public var idleTimeout: Duration
    /// A request's head and body must arrive within this.
    public var requestReadTimeout: Duration
    /// Open connections at most (see ``ConnectionGovernor``).
    public var maxConnections: Int

    /// Creates limits.
    public init(idleTimeout: Duration, requestReadTimeout: Duration, maxConnections: Int) {
        self.idleTimeout = idleTimeout
        self.requestReadTimeout = requestReadTimeout
        self.maxConnections = maxConnections
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 with an idle timeout, malformed framing answered with one 400 in Novu's shape, and every connection
    /// under `governor` (cap with shedding, read deadline).
    public static func herald(governor: ConnectionGovernor, idleTimeout: Duration, logger: Logger) -> HTTPServerBuilder {
        .http1(configuration: .init(
            additionalChannelHandlers: [
                MalformedRequestHandler(logger: logger), ConnectionGovernorHandler(governor: governor, logger: logger),
            ],
            idleTimeout: .init(idleTimeout)))
    }
}

/// What Herald does once its listening socket is bound: it pauses accepting, instead of spinning, whenever the
/// process runs out of descriptors. Pass as `Application(onServerRunning:)`.
public func heraldServerRunning(logger: Logger) -> @Sendable (any Channel) async -> Void {
    { channel in await AcceptPause.install(on: channel, logger: logger) }
}
