import Foundation
import HeraldCore
import SQLKit

/// The integration store on SQLite or PostgreSQL.
public struct SQLIntegrationStore: IntegrationStore {
    private let driver: any DatabaseDriver
    private let sealer: CredentialSealer

    /// Creates the store.
    public init(driver: any DatabaseDriver, sealer: CredentialSealer) {
        self.driver = driver
        self.sealer = sealer
    }

    public func list(scope: IntegrationScope, activeOnly: Bool, withSecrets: Bool) async throws -> [Integration] {
        let sealer = self.sealer
        return try await driver.read { db in
            let (column, value) = switch scope {
            case .environment(let id): ("environment_id", id)
            case .organization(let id): ("organization_id", id)
            }
            let activeClause = activeOnly ? " AND active = true" : ""
            let rows = try await db.raw("""
                SELECT \(unsafeRaw: IntegrationRow.columns) FROM integrations
                WHERE \(ident: column) = \(bind: value) AND deleted = false\(unsafeRaw: activeClause)
                ORDER BY created_at, id
                """).all()
            return try rows.map { try IntegrationRow.decode($0, sealer: sealer, withSecrets: withSecrets) }
        }
    }

    public func find(id: String, organizationId: String) async throws -> Integration? {
        let sealer = self.sealer
        return try await driver.read { db in
            try await SQLIntegrationTransaction(db: db, sealer: sealer, dialect: driver.dialect)
                .find(id: id, organizationId: organizationId)
        }
    }

    public func revision(environmentId: String) async throws -> Int64 {
        try await driver.read { db in
            try await db.raw("""
                SELECT integrations_revision FROM environments WHERE id = \(bind: environmentId)
                """).first()?.decode(column: "integrations_revision", as: Int64.self) ?? 0
        }
    }

    public func history(integrationId: String, organizationId: String, limit: Int) async throws -> [IntegrationHistoryEntry] {
        try await driver.read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: IntegrationHistoryRow.columns) FROM integration_history
                WHERE integration_id = \(bind: integrationId) AND organization_id = \(bind: organizationId)
                ORDER BY seq DESC LIMIT \(bind: limit)
                """).all().map(IntegrationHistoryRow.decode)
        }
    }

    public func write<T: Sendable>(
        environmentIds: [String], _ body: @Sendable (any IntegrationTransaction) async throws -> T
    ) async throws -> T {
        let sealer = self.sealer
        let dialect = driver.dialect
        return try await driver.transaction { db in
            for environmentId in environmentIds.sorted() {
                let rows = try await db.raw("""
                    SELECT id FROM environments WHERE id = \(bind: environmentId)\(unsafeRaw: dialect.lockRowSuffix)
                    """).all()
                if rows.isEmpty { throw HeraldError.notFound("Environment \(environmentId) not found") }
            }
            let result = try await body(SQLIntegrationTransaction(db: db, sealer: sealer, dialect: dialect))
            try await db.raw("""
                UPDATE environments SET integrations_revision = integrations_revision + 1
                WHERE id IN (\(binds: environmentIds))
                """).run()
            return result
        }
    }
}

/// The write operations inside one SQL transaction.
struct SQLIntegrationTransaction: IntegrationTransaction {
    let db: any SQLDatabase
    let sealer: CredentialSealer
    let dialect: StoreDialect

    func integrations(environmentId: String, channel: Channel) async throws -> [Integration] {
        try await select("environment_id = \(bind: environmentId) AND channel = \(bind: channel.rawValue)")
    }

    func integrations(environmentId: String, providerId: String) async throws -> [Integration] {
        try await select("environment_id = \(bind: environmentId) AND provider_id = \(bind: providerId)")
    }

    func find(id: String, organizationId: String) async throws -> Integration? {
        try await select("id = \(bind: id) AND organization_id = \(bind: organizationId)").first
    }

    func identifierTaken(_ identifier: String, environmentId: String, excluding: String?) async throws -> Bool {
        let rows = try await db.raw("""
            SELECT id FROM integrations WHERE environment_id = \(bind: environmentId)
            AND identifier = \(bind: identifier) AND deleted = false AND id <> \(bind: excluding ?? "")
            """).all()
        return !rows.isEmpty
    }

    func insert(_ integration: Integration) async throws {
        let sealed = try IntegrationRow.seal(integration, sealer: sealer)
        try await db.raw("""
            INSERT INTO integrations (\(unsafeRaw: IntegrationRow.columns)) VALUES (
            \(bind: integration.id), \(bind: integration.environmentId), \(bind: integration.organizationId),
            \(bind: integration.name), \(bind: integration.identifier), \(bind: integration.providerId),
            \(bind: integration.channel.rawValue), \(bind: sealed.credentials), \(bind: sealed.configurations),
            \(bind: integration.active), \(bind: integration.deleted), \(bind: integration.deletedAt?.millis),
            \(bind: integration.deletedBy), \(bind: integration.primary), \(bind: integration.priority),
            \(bind: sealed.conditions), \(bind: integration.createdAt.millis), \(bind: integration.updatedAt.millis))
            """).run()
    }

    func update(_ integration: Integration) async throws {
        let sealed = try IntegrationRow.seal(integration, sealer: sealer)
        try await db.raw("""
            UPDATE integrations SET environment_id = \(bind: integration.environmentId),
            name = \(bind: integration.name), identifier = \(bind: integration.identifier),
            credentials = \(bind: sealed.credentials), configurations = \(bind: sealed.configurations),
            active = \(bind: integration.active), deleted = \(bind: integration.deleted),
            deleted_at = \(bind: integration.deletedAt?.millis), deleted_by = \(bind: integration.deletedBy),
            is_primary = \(bind: integration.primary), priority = \(bind: integration.priority),
            conditions = \(bind: sealed.conditions), updated_at = \(bind: integration.updatedAt.millis)
            WHERE id = \(bind: integration.id)
            """).run()
    }

    func record(_ entry: IntegrationHistoryEntry) async throws {
        try await IntegrationHistoryRow.insert(entry, into: db)
    }

    private func select(_ condition: SQLQueryString) async throws -> [Integration] {
        let query: SQLQueryString = "SELECT \(unsafeRaw: IntegrationRow.columns) FROM integrations WHERE "
            + condition + " AND deleted = false ORDER BY created_at, id"
        return try await db.raw(query).all().map { try IntegrationRow.decode($0, sealer: sealer) }
    }
}
