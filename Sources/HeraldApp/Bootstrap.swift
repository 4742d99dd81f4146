import Foundation
import HeraldCore

/// First-run set-up and the key-management commands.
public enum Bootstrap {
    /// What `herald init` prints: the only time the secrets are shown.
    public struct InitResult: Sendable, Codable {
        /// One environment and its secret key.
        public struct EnvironmentKey: Sendable, Codable {
            public let _id: String
            public let name: String
            public let apiKey: String
        }

        public let organizationId: String
        public let environments: [EnvironmentKey]
        public let adminToken: String
    }

    /// Creates the organization, "Development" and "Production" with fresh keys, and an admin token.
    public static func initialize(_ runtime: HeraldRuntime, organizationName: String = "Herald") async throws -> InitResult {
        if try await runtime.tenancy.isInitialized() {
            throw HeraldError.conflict("This database is already initialized; use `herald keys regenerate` for new keys")
        }
        let now = Date()
        let organization = Organization(id: Identifiers.objectId(now: now), name: organizationName, createdAt: now)
        var environments: [(Environment, apiKeyHash: String)] = []
        var keys: [InitResult.EnvironmentKey] = []
        for (offset, name) in ["Development", "Production"].enumerated() {
            let environment = Environment(
                id: Identifiers.objectId(now: now), organizationId: organization.id, name: name,
                createdAt: now.addingTimeInterval(Double(offset) / 1000))
            let key = newApiKey()
            environments.append((environment, SecretHash.sha256Hex(key)))
            keys.append(.init(_id: environment.id, name: name, apiKey: key))
        }
        let adminToken = Identifiers.secret(prefix: "hadm_")
        try await runtime.tenancy.initialize(
            organization: organization, environments: environments, adminTokenHash: SecretHash.sha256Hex(adminToken))
        return InitResult(organizationId: organization.id, environments: keys, adminToken: adminToken)
    }

    /// Adds an environment and returns its new secret key.
    public static func createEnvironment(_ runtime: HeraldRuntime, name: String) async throws -> InitResult.EnvironmentKey {
        let organization = try await requireOrganization(runtime)
        let environment = Environment(
            id: Identifiers.objectId(), organizationId: organization.id, name: name, createdAt: Date())
        let key = newApiKey()
        try await runtime.tenancy.createEnvironment(environment, apiKeyHash: SecretHash.sha256Hex(key))
        return .init(_id: environment.id, name: name, apiKey: key)
    }

    /// Replaces an environment's secret key (by name or id); the old key stops working at once.
    public static func regenerateKey(_ runtime: HeraldRuntime, environment nameOrId: String) async throws -> InitResult.EnvironmentKey {
        let organization = try await requireOrganization(runtime)
        let environment: Environment?
        if let byName = try await runtime.tenancy.environment(name: nameOrId, organizationId: organization.id) {
            environment = byName
        } else {
            environment = try await runtime.tenancy.environment(id: nameOrId)
        }
        guard let environment else { throw HeraldError.notFound("No environment named \(nameOrId)") }
        let key = newApiKey()
        try await runtime.tenancy.replaceApiKeyHash(environmentId: environment.id, hash: SecretHash.sha256Hex(key))
        return .init(_id: environment.id, name: environment.name, apiKey: key)
    }

    /// Replaces the admin token and returns the new one.
    public static func regenerateAdminToken(_ runtime: HeraldRuntime) async throws -> String {
        _ = try await requireOrganization(runtime)
        let token = Identifiers.secret(prefix: "hadm_")
        try await runtime.tenancy.replaceAdminToken(hash: SecretHash.sha256Hex(token))
        return token
    }

    private static func newApiKey() -> String { Identifiers.secret(prefix: "hk_") }

    private static func requireOrganization(_ runtime: HeraldRuntime) async throws -> Organization {
        guard let organization = try await runtime.tenancy.organization() else {
            throw HeraldError.conflict("This database is not initialized yet; run `herald init` or `herald serve` first")
        }
        return organization
    }
}
