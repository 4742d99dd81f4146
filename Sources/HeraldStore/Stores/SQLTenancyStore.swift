import Foundation
import HeraldCore
import SQLKit

/// Organizations, environments, API key hashes and admin token hashes on SQLite or PostgreSQL.
public struct SQLTenancyStore: TenancyStore {
    private let driver: any DatabaseDriver

    /// Creates the store.
    public init(driver: any DatabaseDriver) { self.driver = driver }

    public func isInitialized() async throws -> Bool { try await organization() != nil }

    public func initialize(
        organization: Organization, environments: [(Environment, apiKeyHash: String)], adminTokenHash: String
    ) async throws {
        let pairs = environments.map { ($0.0, $0.apiKeyHash) }
        try await driver.transaction { db in
            let existing = try await db.raw("SELECT id FROM organizations").all()
            if !existing.isEmpty { throw HeraldError.conflict("This database is already initialized") }
            try await db.raw("""
                INSERT INTO organizations (id, name, created_at)
                VALUES (\(bind: organization.id), \(bind: organization.name), \(bind: organization.createdAt.millis))
                """).run()
            for (environment, hash) in pairs { try await Self.insert(environment, hash: hash, into: db) }
            try await db.raw("""
                INSERT INTO admin_tokens (token_hash, created_at) VALUES (\(bind: adminTokenHash), \(bind: Date().millis))
                """).run()
        }
    }

    public func organization() async throws -> Organization? {
        try await driver.read { db in
            try await db.raw("SELECT id, name, created_at FROM organizations ORDER BY created_at LIMIT 1").first().map {
                Organization(
                    id: try $0.decode(column: "id", as: String.self),
                    name: try $0.decode(column: "name", as: String.self),
                    createdAt: Date(millis: try $0.decode(column: "created_at", as: Int64.self)))
            }
        }
    }

    public func environment(apiKeyHash: String) async throws -> Environment? {
        try await environments(where: "api_key_hash = \(bind: apiKeyHash)").first
    }

    public func environment(id: String) async throws -> Environment? {
        try await environments(where: "id = \(bind: id)").first
    }

    public func environment(name: String, organizationId: String) async throws -> Environment? {
        try await environments(where: "name = \(bind: name) AND organization_id = \(bind: organizationId)").first
    }

    public func environments(organizationId: String) async throws -> [Environment] {
        try await environments(where: "organization_id = \(bind: organizationId)")
    }

    public func createEnvironment(_ environment: Environment, apiKeyHash: String) async throws {
        try await driver.transaction { db in
            let taken = try await db.raw("""
                SELECT id FROM environments WHERE organization_id = \(bind: environment.organizationId)
                AND name = \(bind: environment.name)
                """).all()
            if !taken.isEmpty { throw HeraldError.conflict("An environment named \(environment.name) already exists") }
            try await Self.insert(environment, hash: apiKeyHash, into: db)
        }
    }

    public func replaceApiKeyHash(environmentId: String, hash: String) async throws {
        try await driver.transaction { db in
            try await db.raw("UPDATE environments SET api_key_hash = \(bind: hash) WHERE id = \(bind: environmentId)").run()
        }
    }

    public func adminTokenExists(hash: String) async throws -> Bool {
        try await driver.read { db in
            try await !db.raw("SELECT token_hash FROM admin_tokens WHERE token_hash = \(bind: hash)").all().isEmpty
        }
    }

    public func replaceAdminToken(hash: String) async throws {
        try await driver.transaction { db in
            try await db.raw("DELETE FROM admin_tokens").run()
            try await db.raw("""
                INSERT INTO admin_tokens (token_hash, created_at) VALUES (\(bind: hash), \(bind: Date().millis))
                """).run()
        }
    }

    private func environments(where condition: SQLQueryString) async throws -> [Environment] {
        try await driver.read { db in
            let query: SQLQueryString = "SELECT id, organization_id, name, created_at, integrations_revision FROM environments WHERE "
                + condition + " ORDER BY created_at, id"
            return try await db.raw(query).all().map {
                Environment(
                    id: try $0.decode(column: "id", as: String.self),
                    organizationId: try $0.decode(column: "organization_id", as: String.self),
                    name: try $0.decode(column: "name", as: String.self),
                    createdAt: Date(millis: try $0.decode(column: "created_at", as: Int64.self)),
                    integrationsRevision: try $0.decode(column: "integrations_revision", as: Int64.self))
            }
        }
    }

    private static func insert(_ environment: Environment, hash: String, into db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO environments (id, organization_id, name, api_key_hash, created_at)
            VALUES (\(bind: environment.id), \(bind: environment.organizationId), \(bind: environment.name),
            \(bind: hash), \(bind: environment.createdAt.millis))
            """).run()
    }
}
