import HeraldHTTP
import Hummingbird
import Logging

/// Builds the HTTP application over an opened runtime.
public func buildApplication(
    runtime: HeraldRuntime, host: String, port: Int, logger: Logger
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(runtime.httpDependencies),
        configuration: .init(address: .hostname(host, port: port), serverName: "Herald"),
        logger: logger
    )
}
