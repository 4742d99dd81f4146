import HeraldCore
import Hummingbird

/// Authenticates `/v1` calls: `ApiKey <environment secret>` or `Bearer <admin token>`, both checked by hash.
public struct AuthMiddleware: RouterMiddleware {
    public typealias Context = HeraldRequestContext
    private let tenancy: any TenancyStore

    /// Creates the middleware over the tenancy store.
    public init(tenancy: any TenancyStore) { self.tenancy = tenancy }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.principal = try await authenticate(request.headers[.authorization])
        return try await next(request, context)
    }

    func authenticate(_ header: String?) async throws -> Principal {
        let parts = header?.split(separator: " ", omittingEmptySubsequences: true) ?? []
        guard let first = parts.first else { throw HeraldError.unauthorized("Missing authorization header") }
        let scheme = String(first)
        // Keys and tokens contain no spaces: anything after the secret makes it invalid.
        let secret = parts.count == 2 ? String(parts[1]) : ""
        switch scheme {
        case "ApiKey":
            guard !secret.isEmpty, let environment = try await tenancy.environment(apiKeyHash: SecretHash.sha256Hex(secret))
            else { throw HeraldError.unauthorized("API Key not found") }
            return .apiKey(environment)
        case "Bearer":
            guard !secret.isEmpty, try await tenancy.adminTokenExists(hash: SecretHash.sha256Hex(secret)),
                let organization = try await tenancy.organization()
            else { throw HeraldError.unauthorized("Invalid admin token") }
            return .admin(organizationId: organization.id)
        default:
            // Nothing of the header is echoed: a token sent with the wrong scheme is still a token.
            throw HeraldError.unauthorized("Invalid authentication scheme; use \"ApiKey <key>\" or \"Bearer <admin token>\"")
        }
    }
}
