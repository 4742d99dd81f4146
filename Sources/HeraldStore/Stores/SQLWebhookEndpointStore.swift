import Foundation
import HeraldCore
import SQLKit

/// Webhook endpoints on SQLite or PostgreSQL; the URL (it may carry a token) and the signing secret are sealed.
public struct SQLWebhookEndpointStore: WebhookEndpointStore {
    private let driver: any DatabaseDriver
    private let sealer: CredentialSealer
    private let presence: WebhookEndpointPresence
    static let columns = """
        id, environment_id, organization_id, url, event_types, enabled, description, secret, created_at, updated_at
        """

    /// Creates the store; every change clears `presence` (shared with this instance's outbox).
    public init(driver: any DatabaseDriver, sealer: CredentialSealer, presence: WebhookEndpointPresence = .init()) {
        self.driver = driver
        self.sealer = sealer
        self.presence = presence
    }

    public func insert(_ endpoint: WebhookEndpoint) async throws {
        // Cleared before and after: a read racing the commit can then not leave "no endpoint" behind.
        presence.invalidate()
        defer { presence.invalidate() }
        let url = try sealer.seal(Data(endpoint.url.utf8))
        let secret = try sealer.seal(Data(endpoint.secret.value.utf8))
        let types = Self.json(endpoint.eventTypes)
        try await driver.transaction { db in
            try await db.raw("""
                INSERT INTO webhook_endpoints (\(unsafeRaw: Self.columns)) VALUES (
                \(bind: endpoint.id), \(bind: endpoint.environmentId), \(bind: endpoint.organizationId), \(bind: url),
                \(bind: types), \(bind: endpoint.enabled), \(bind: endpoint.description), \(bind: secret),
                \(bind: endpoint.createdAt.millis), \(bind: endpoint.updatedAt.millis))
                """).run()
        }
    }

    public func find(id: String, environmentId: String) async throws -> WebhookEndpoint? {
        let sealer = self.sealer
        return try await driver.read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM webhook_endpoints
                WHERE id = \(bind: id) AND environment_id = \(bind: environmentId)
                """).first().map { try Self.decode($0, sealer: sealer) }
        }
    }

    public func list(environmentId: String) async throws -> [WebhookEndpoint] {
        let sealer = self.sealer
        return try await driver.read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM webhook_endpoints WHERE environment_id = \(bind: environmentId)
                ORDER BY created_at DESC, id DESC
                """).all().map { try Self.decode($0, sealer: sealer) }
        }
    }

    public func update(
        id: String, environmentId: String, _ change: @Sendable (inout WebhookEndpoint) throws -> Void
    ) async throws -> WebhookEndpoint? {
        presence.invalidate()
        defer { presence.invalidate() }
        let sealer = self.sealer
        let lock = driver.dialect.lockRowSuffix
        return try await driver.transaction { db in
            guard let row = try await db.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM webhook_endpoints
                WHERE id = \(bind: id) AND environment_id = \(bind: environmentId)\(unsafeRaw: lock)
                """).first()
            else { return nil }
            let before = try Self.decode(row, sealer: sealer)
            var endpoint = before
            try change(&endpoint)
            let url = endpoint.url == before.url
                ? try row.decode(column: "url", as: String.self) : try sealer.seal(Data(endpoint.url.utf8))
            let secret = endpoint.secret == before.secret
                ? try row.decode(column: "secret", as: String.self) : try sealer.seal(Data(endpoint.secret.value.utf8))
            try await db.raw("""
                UPDATE webhook_endpoints SET url = \(bind: url), event_types = \(bind: Self.json(endpoint.eventTypes)),
                enabled = \(bind: endpoint.enabled), description = \(bind: endpoint.description), secret = \(bind: secret),
                updated_at = \(bind: endpoint.updatedAt.millis)
                WHERE id = \(bind: endpoint.id)
                """).run()
            if before.enabled, !endpoint.enabled {
                try await db.raw("""
                    UPDATE webhook_messages SET status = 'cancelled', updated_at = \(bind: endpoint.updatedAt.millis)
                    WHERE endpoint_id = \(bind: endpoint.id) AND status = 'pending'
                    """).run()
            }
            return endpoint
        }
    }

    public func delete(id: String, environmentId: String) async throws -> Bool {
        presence.invalidate()
        defer { presence.invalidate() }
        return try await driver.transaction { db in
            let found = try await db.raw("""
                SELECT id FROM webhook_endpoints WHERE id = \(bind: id) AND environment_id = \(bind: environmentId)
                """).first()
            guard found != nil else { return false }
            try await db.raw("DELETE FROM webhook_attempts WHERE endpoint_id = \(bind: id)").run()
            try await db.raw("DELETE FROM webhook_messages WHERE endpoint_id = \(bind: id)").run()
            try await db.raw("DELETE FROM webhook_endpoints WHERE id = \(bind: id)").run()
            return true
        }
    }

    static func json(_ types: [CustomerEventType]) -> String {
        JSONValue.array(types.map { .string($0.rawValue) }).jsonText
    }

    static func eventTypes(_ text: String) -> [CustomerEventType] {
        ((try? JSONValue.parse(Data(text.utf8)))?.arrayValue ?? [])
            .compactMap { $0.stringValue.flatMap(CustomerEventType.init(rawValue:)) }
    }

    static func decode(_ row: any SQLRow, sealer: CredentialSealer) throws -> WebhookEndpoint {
        WebhookEndpoint(
            id: try row.decode(column: "id", as: String.self),
            environmentId: try row.decode(column: "environment_id", as: String.self),
            organizationId: try row.decode(column: "organization_id", as: String.self),
            url: String(decoding: try sealer.open(try row.decode(column: "url", as: String.self)), as: UTF8.self),
            eventTypes: eventTypes(try row.decode(column: "event_types", as: String.self)),
            enabled: try row.decode(column: "enabled", as: Bool.self),
            description: try row.decode(column: "description", as: String?.self),
            secret: WebhookSecret(String(
                decoding: try sealer.open(try row.decode(column: "secret", as: String.self)), as: UTF8.self)),
            createdAt: Date(millis: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Date(millis: try row.decode(column: "updated_at", as: Int64.self)))
    }
}
