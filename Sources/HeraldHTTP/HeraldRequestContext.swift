import HeraldCore
import Hummingbird
import Logging

/// The per-request context: Hummingbird's core storage plus the authenticated caller.
public struct HeraldRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The caller, set by ``AuthMiddleware`` on `/v1` routes.
    public var principal: Principal?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.principal = nil
    }

    /// Bodies are read by ``JSONBody`` with its own limit; this bounds anything else.
    public var maxUploadSize: Int { JSONBody.maxDeliveryBytes }

    /// The caller, or a 401 if the route was reached without authentication.
    func requirePrincipal() throws -> Principal {
        guard let principal else { throw HeraldError.unauthorized("Missing authorization header") }
        return principal
    }
}
