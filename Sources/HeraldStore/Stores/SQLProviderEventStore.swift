import Foundation
import HeraldCore
import SQLKit

/// Provider events on SQLite or PostgreSQL, and the lookups that match them to deliveries: by Herald's delivery id,
/// or through the `deliveries (provider_id, message_id)` index the delivery saves fill in.
public struct SQLProviderEventStore: ProviderEventStore {
    private let driver: any DatabaseDriver
    private static let referenceColumns = "id, environment_id, status, channel, provider_id, message_id"
    private static let eventColumns = """
        id, delivery_id, integration_id, provider_id, message_id, status, provider_status, occurred_at, received_at, \
        recipient, detail, verified
        """

    /// Creates the store.
    public init(driver: any DatabaseDriver) {
        self.driver = driver
    }

    public func delivery(providerId: String, messageId: String, environmentId: String) async throws -> DeliveryReference? {
        try await driver.read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.referenceColumns) FROM deliveries
                WHERE provider_id = \(bind: providerId) AND message_id = \(bind: messageId)
                AND environment_id = \(bind: environmentId)
                """).first().map(Self.reference)
        }
    }

    public func delivery(id: String, environmentId: String) async throws -> DeliveryReference? {
        try await driver.read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.referenceColumns) FROM deliveries
                WHERE id = \(bind: id) AND environment_id = \(bind: environmentId)
                """).first().map(Self.reference)
        }
    }

    public func record(
        _ events: [ProviderEvent], eventIds: [String?], effect: ProviderEventStatus.Effect, deliveryId: String, now: Date
    ) async throws -> (recorded: [ProviderEvent], status: DeliveryStatus?) {
        try await driver.transaction { db in
            var recorded: [ProviderEvent] = []
            for (event, eventId) in zip(events, eventIds) {
                let inserted = try await db.raw("""
                    INSERT INTO provider_events (\(unsafeRaw: Self.eventColumns), provider_event_id) VALUES (
                    \(bind: event.id), \(bind: event.deliveryId), \(bind: event.integrationId), \(bind: event.providerId),
                    \(bind: event.messageId), \(bind: event.status.rawValue), \(bind: event.providerStatus),
                    \(bind: event.occurredAt.millis), \(bind: event.receivedAt.millis), \(bind: event.recipient),
                    \(bind: event.detail), \(bind: event.verified), \(bind: eventId.map { String($0.prefix(200)) }))
                    ON CONFLICT DO NOTHING RETURNING id
                    """).first()
                if inserted != nil { recorded.append(event) }
            }
            if !recorded.isEmpty {
                switch effect {
                case .none: break
                case .delivered:
                    try await db.raw("""
                        UPDATE deliveries SET status = 'delivered', updated_at = \(bind: now.millis)
                        WHERE id = \(bind: deliveryId) AND status IN ('sending', 'sent')
                        """).run()
                case .failed:
                    try await db.raw("""
                        UPDATE deliveries SET status = 'failed', updated_at = \(bind: now.millis)
                        WHERE id = \(bind: deliveryId) AND status IN ('sending', 'sent', 'delivered')
                        """).run()
                }
            }
            let status = try await db.raw("SELECT status FROM deliveries WHERE id = \(bind: deliveryId)").first()
                .flatMap { DeliveryStatus(rawValue: try $0.decode(column: "status", as: String.self)) }
            return (recorded, status)
        }
    }

    public func events(deliveryId: String) async throws -> [ProviderEvent] {
        try await driver.read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.eventColumns) FROM provider_events WHERE delivery_id = \(bind: deliveryId)
                ORDER BY received_at, occurred_at, id
                """).all().map(Self.event)
        }
    }

    private static func reference(_ row: any SQLRow) throws -> DeliveryReference {
        DeliveryReference(
            id: try row.decode(column: "id", as: String.self),
            environmentId: try row.decode(column: "environment_id", as: String.self),
            status: DeliveryStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .queued,
            channel: Channel(rawValue: try row.decode(column: "channel", as: String.self)) ?? .email,
            providerId: try row.decode(column: "provider_id", as: String?.self),
            messageId: try row.decode(column: "message_id", as: String?.self))
    }

    private static func event(_ row: any SQLRow) throws -> ProviderEvent {
        ProviderEvent(
            id: try row.decode(column: "id", as: String.self),
            deliveryId: try row.decode(column: "delivery_id", as: String.self),
            integrationId: try row.decode(column: "integration_id", as: String.self),
            providerId: try row.decode(column: "provider_id", as: String.self),
            messageId: try row.decode(column: "message_id", as: String?.self),
            status: ProviderEventStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .sent,
            providerStatus: try row.decode(column: "provider_status", as: String.self),
            occurredAt: Date(millis: try row.decode(column: "occurred_at", as: Int64.self)),
            receivedAt: Date(millis: try row.decode(column: "received_at", as: Int64.self)),
            recipient: try row.decode(column: "recipient", as: String?.self),
            detail: try row.decode(column: "detail", as: String?.self),
            verified: try row.decode(column: "verified", as: Bool.self))
    }
}
