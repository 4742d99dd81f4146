import HeraldCore
import Hummingbird

extension HeraldRequestContext {
    /// The caller's environment: the API key's own (another `?environmentId=` is 403), or for the admin token the
    /// `?environmentId=` of its organization (required; 404 for another organization's).
    func callerEnvironment(_ request: Request, tenancy: any TenancyStore) async throws -> HeraldCore.Environment {
        let requested = request.uri.queryParameters["environmentId"].map(String.init)
        switch try requirePrincipal() {
        case .apiKey(let environment):
            if let requested, requested != environment.id {
                throw HeraldError.forbidden("An API key can only access its own environment")
            }
            return environment
        case .admin(let organizationId):
            guard let requested else {
                throw HeraldError.validation(["environmentId is required for admin calls (?environmentId=)"])
            }
            guard let environment = try await tenancy.environment(id: requested), environment.organizationId == organizationId
            else { throw HeraldError.notFound("Environment \(requested) not found") }
            return environment
        }
    }
}
