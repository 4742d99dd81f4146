/// Storage of organizations, environments, API key hashes and admin token hashes.
public protocol TenancyStore: Sendable {
    /// Whether an organization exists yet.
    func isInitialized() async throws -> Bool
    /// Creates the organization, its environments with their key hashes and the admin token hash, in one transaction.
    func initialize(
        organization: Organization, environments: [(Environment, apiKeyHash: String)], adminTokenHash: String
    ) async throws
    /// The single organization, if initialized.
    func organization() async throws -> Organization?
    /// The environment whose API key has this SHA-256 hex hash.
    func environment(apiKeyHash: String) async throws -> Environment?
    /// An environment by id.
    func environment(id: String) async throws -> Environment?
    /// An environment by name within an organization.
    func environment(name: String, organizationId: String) async throws -> Environment?
    /// The environments of an organization, oldest first.
    func environments(organizationId: String) async throws -> [Environment]
    /// Adds an environment with its key hash; throws a conflict if the name is taken.
    func createEnvironment(_ environment: Environment, apiKeyHash: String) async throws
    /// Replaces an environment's API key hash.
    func replaceApiKeyHash(environmentId: String, hash: String) async throws
    /// Whether an admin token with this hash exists.
    func adminTokenExists(hash: String) async throws -> Bool
    /// Replaces every admin token by one with this hash.
    func replaceAdminToken(hash: String) async throws
}
