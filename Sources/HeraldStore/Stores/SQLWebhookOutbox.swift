import Foundation
import HeraldCore
import SQLKit

/// The webhook outbox and attempt log on SQLite or PostgreSQL: claimed with a lease like the delivery outbox
/// (`FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite serialises its claims in one write transaction).
public struct SQLWebhookOutbox: WebhookOutbox {
    private let driver: any DatabaseDriver
    private let sealer: CredentialSealer
    private let presence: WebhookEndpointPresence
    static let columns = """
        id, event_id, event_type, endpoint_id, environment_id, body, status, attempts, next_attempt_at, created_at, \
        updated_at
        """
    static let attemptColumns = """
        id, message_id, event_id, event_type, endpoint_id, environment_id, attempt, status_code, error, duration_ms, \
        created_at
        """

    /// Creates the outbox.
    /// Creates the outbox; `presence` is shared with the endpoint store of this instance.
    public init(driver: any DatabaseDriver, sealer: CredentialSealer, presence: WebhookEndpointPresence = .init()) {
        self.driver = driver
        self.sealer = sealer
        self.presence = presence
    }

    public func hasEndpoints(environmentId: String, type: CustomerEventType) async throws -> Bool {
        try await !endpointIds(environmentId: environmentId, type: type).isEmpty
    }

    /// The enabled endpoints of the environment that want `type`; an empty answer is remembered for a second, so
    /// most calls (events nobody subscribed to) cost no database read.
    private func endpointIds(environmentId: String, type: CustomerEventType) async throws -> [String] {
        if presence.knownEmpty(environmentId, type) { return [] }
        let generation = presence.generation
        let ids = try await driver.read { db in
            try await db.raw("""
                SELECT id, event_types FROM webhook_endpoints
                WHERE environment_id = \(bind: environmentId) AND enabled = true
                """).all().compactMap { row -> String? in
                let types = SQLWebhookEndpointStore.eventTypes(try row.decode(column: "event_types", as: String.self))
                return types.isEmpty || types.contains(type) ? try row.decode(column: "id", as: String.self) : nil
            }
        }
        if ids.isEmpty { presence.recordEmpty(environmentId, type, generation: generation) }
        return ids
    }

    public func enqueue(_ event: CustomerEvent) async throws -> Int {
        // A read first: a read costs no write transaction.
        let endpointIds = try await endpointIds(environmentId: event.environmentId, type: event.type)
        guard !endpointIds.isEmpty else { return 0 }
        let body = event.body.jsonText
        let created = Date().millis
        var query: SQLQueryString = """
            INSERT INTO webhook_messages (\(unsafeRaw: Self.columns)) VALUES
            """
        for (index, endpointId) in endpointIds.enumerated() {
            if index > 0 { query += ", " }
            query += """
                (\(bind: Identifiers.objectId()), \(bind: event.id), \(bind: event.type.rawValue), \(bind: endpointId),
                \(bind: event.environmentId), \(bind: body), 'pending', 0, \(bind: created), \(bind: created),
                \(bind: created))
                """
        }
        query += " ON CONFLICT (endpoint_id, event_id) DO NOTHING RETURNING id"
        let statement = query
        return try await driver.write { db in try await db.raw(statement).all().count }
    }

    public func claim(owner: String, limit: Int, now: Date, leaseUntil: Date) async throws -> [WebhookDispatch] {
        let sealer = self.sealer
        let lock = driver.dialect.skipLockedSuffix
        return try await driver.transaction { db in
            let messages = try await db.raw("""
                UPDATE webhook_messages SET lease_owner = \(bind: owner), lease_expires_at = \(bind: leaseUntil.millis)
                WHERE id IN (
                    SELECT id FROM webhook_messages
                    WHERE status = 'pending' AND next_attempt_at <= \(bind: now.millis)
                    AND (lease_expires_at IS NULL OR lease_expires_at < \(bind: now.millis))
                    ORDER BY next_attempt_at, id LIMIT \(literal: limit)\(unsafeRaw: lock))
                RETURNING \(unsafeRaw: Self.columns)
                """).all().map(Self.decode)
            guard !messages.isEmpty else { return [] }
            let endpointIds = Array(Set(messages.map(\.endpointId)))
            var targets: [String: (url: String, secret: WebhookSecret)] = [:]
            for row in try await db.raw("""
                SELECT id, url, secret FROM webhook_endpoints WHERE id IN (\(binds: endpointIds)) AND enabled = true
                """).all()
            {
                let url = String(decoding: try sealer.open(try row.decode(column: "url", as: String.self)), as: UTF8.self)
                let secret = String(decoding: try sealer.open(try row.decode(column: "secret", as: String.self)), as: UTF8.self)
                targets[try row.decode(column: "id", as: String.self)] = (url, WebhookSecret(secret))
            }
            // Messages of an endpoint deleted or disabled since they were written are not sent.
            let orphans = messages.filter { targets[$0.endpointId] == nil }.map(\.id)
            if !orphans.isEmpty {
                try await db.raw("""
                    UPDATE webhook_messages SET status = 'cancelled', lease_owner = NULL, lease_expires_at = NULL
                    WHERE id IN (\(binds: orphans))
                    """).run()
            }
            return messages.compactMap { message in
                targets[message.endpointId].map { WebhookDispatch(message: message, url: $0.url, secret: $0.secret) }
            }
        }
    }

    public func record(_ message: WebhookMessage, attempt: WebhookAttempt, owner: String) async throws -> Bool {
        try await driver.transaction { db in
            let saved = try await db.raw("""
                UPDATE webhook_messages SET status = \(bind: message.status.rawValue), attempts = \(bind: message.attempts),
                next_attempt_at = \(bind: message.nextAttemptAt.millis), updated_at = \(bind: message.updatedAt.millis),
                lease_owner = NULL, lease_expires_at = NULL
                WHERE id = \(bind: message.id) AND lease_owner = \(bind: owner)
                RETURNING id
                """).all()
            guard !saved.isEmpty else { return false }
            try await db.raw("""
                INSERT INTO webhook_attempts (\(unsafeRaw: Self.attemptColumns)) VALUES (
                \(bind: attempt.id), \(bind: attempt.messageId), \(bind: attempt.eventId), \(bind: attempt.eventType.rawValue),
                \(bind: attempt.endpointId), \(bind: attempt.environmentId), \(bind: attempt.attempt),
                \(bind: attempt.statusCode), \(bind: attempt.error), \(bind: attempt.durationMs),
                \(bind: attempt.createdAt.millis))
                """).run()
            return true
        }
    }

    public func attempts(endpointId: String, environmentId: String, limit: Int, offset: Int) async throws
        -> (attempts: [WebhookAttempt], total: Int)
    {
        try await driver.read { db in
            let total = try await db.raw("""
                SELECT COUNT(*) AS n FROM webhook_attempts
                WHERE endpoint_id = \(bind: endpointId) AND environment_id = \(bind: environmentId)
                """).first()?.decode(column: "n", as: Int.self) ?? 0
            let rows = try await db.raw("""
                SELECT \(unsafeRaw: Self.attemptColumns) FROM webhook_attempts
                WHERE endpoint_id = \(bind: endpointId) AND environment_id = \(bind: environmentId)
                ORDER BY created_at DESC, id DESC LIMIT \(literal: limit) OFFSET \(literal: offset)
                """).all()
            return (try rows.map(Self.decodeAttempt), total)
        }
    }

    static func decode(_ row: any SQLRow) throws -> WebhookMessage {
        WebhookMessage(
            id: try row.decode(column: "id", as: String.self),
            eventId: try row.decode(column: "event_id", as: String.self),
            eventType: try eventType(row),
            endpointId: try row.decode(column: "endpoint_id", as: String.self),
            environmentId: try row.decode(column: "environment_id", as: String.self),
            body: Array(try row.decode(column: "body", as: String.self).utf8),
            status: WebhookMessage.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .pending,
            attempts: try row.decode(column: "attempts", as: Int.self),
            nextAttemptAt: Date(millis: try row.decode(column: "next_attempt_at", as: Int64.self)),
            createdAt: Date(millis: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Date(millis: try row.decode(column: "updated_at", as: Int64.self)))
    }

    static func decodeAttempt(_ row: any SQLRow) throws -> WebhookAttempt {
        WebhookAttempt(
            id: try row.decode(column: "id", as: String.self),
            messageId: try row.decode(column: "message_id", as: String.self),
            eventId: try row.decode(column: "event_id", as: String.self),
            eventType: try eventType(row),
            endpointId: try row.decode(column: "endpoint_id", as: String.self),
            environmentId: try row.decode(column: "environment_id", as: String.self),
            attempt: try row.decode(column: "attempt", as: Int.self),
            statusCode: try row.decode(column: "status_code", as: Int?.self),
            error: try row.decode(column: "error", as: String?.self),
            durationMs: try row.decode(column: "duration_ms", as: Int.self),
            createdAt: Date(millis: try row.decode(column: "created_at", as: Int64.self)))
    }

    private static func eventType(_ row: any SQLRow) throws -> CustomerEventType {
        let text = try row.decode(column: "event_type", as: String.self)
        guard let type = CustomerEventType(rawValue: text) else {
            throw HeraldError.unavailable("Stored webhook message has an unknown event type")
        }
        return type
    }
}
