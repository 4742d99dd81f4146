import HeraldHTTP
import Hummingbird
import Logging

/// Builds the HTTP application over an opened runtime: the router, and HTTP/1 with the runtime's connection limits
/// (idle timeout, request read deadline, a connection cap that sheds the longest-idle connection).
public func buildApplication(
    runtime: HeraldRuntime, host: String, port: Int, logger: Logger
) -> some ApplicationProtocol {
    let limits = runtime.configuration.connectionLimits
    let governor = ConnectionGovernor(maxConnections: limits.maxConnections, requestReadTimeout: limits.requestReadTimeout)
    return Application(
        router: buildRouter(runtime.httpDependencies, logger: logger),
        server: .herald(governor: governor, idleTimeout: limits.idleTimeout, logger: logger),
        configuration: .init(address: .hostname(host, port: port), serverName: "Herald"),
        onServerRunning: heraldServerRunning(logger: logger),
        logger: logger
    )
}
