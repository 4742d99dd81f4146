import Foundation
import HeraldCore
import SQLKit

/// Retention on SQLite or PostgreSQL. Deliveries are found per environment through the (environment, created)
/// index and removed with their provider events in one transaction; webhook messages through their (status, next
/// attempt) index; webhook attempts through their creation time index (migration 10).
public struct SQLRetentionStore: RetentionStore {
    private let driver: any DatabaseDriver

    /// Creates the store.
    public init(driver: any DatabaseDriver) {
        self.driver = driver
    }

    public func prune(before: Date, limit: Int) async throws -> PrunedRecords {
        let cutoff = before.millis
        var removed = PrunedRecords()
        let environments = try await driver.read { db in
            try await db.raw("SELECT id FROM environments ORDER BY id").all().map { try $0.decode(column: "id", as: String.self) }
        }
        for environment in environments where removed.deliveries < limit {
            let room = limit - removed.deliveries
            let (deliveries, events) = try await driver.transaction { db -> (Int, Int) in
                let ids = try await db.raw("""
                    SELECT id FROM deliveries
                    WHERE environment_id = \(bind: environment) AND created_at < \(bind: cutoff)
                    AND status IN ('sent', 'delivered', 'failed') AND follow_up IS NULL
                    ORDER BY created_at LIMIT \(literal: room)
                    """).all().map { try $0.decode(column: "id", as: String.self) }
                guard !ids.isEmpty else { return (0, 0) }
                // The condition again: a delivery requeued (or marked) since the read is not removed.
                let deleted = try await db.raw("""
                    DELETE FROM deliveries WHERE id IN (\(binds: ids))
                    AND status IN ('sent', 'delivered', 'failed') AND follow_up IS NULL
                    RETURNING id
                    """).all().map { try $0.decode(column: "id", as: String.self) }
                guard !deleted.isEmpty else { return (0, 0) }
                let events = try await db.raw("""
                    DELETE FROM provider_events WHERE delivery_id IN (\(binds: deleted)) RETURNING id
                    """).all().count
                return (deleted.count, events)
            }
            removed.deliveries += deliveries
            removed.providerEvents += events
        }
        removed.webhookMessages = try await driver.write { db in
            try await db.raw("""
                DELETE FROM webhook_messages WHERE id IN (
                    SELECT id FROM webhook_messages
                    WHERE status IN ('delivered', 'failed', 'cancelled') AND next_attempt_at < \(bind: cutoff)
                    AND updated_at < \(bind: cutoff) LIMIT \(literal: limit))
                RETURNING id
                """).all().count
        }
        removed.webhookAttempts = try await driver.write { db in
            try await db.raw("""
                DELETE FROM webhook_attempts WHERE id IN (
                    SELECT id FROM webhook_attempts WHERE created_at < \(bind: cutoff) LIMIT \(literal: limit))
                RETURNING id
                """).all().count
        }
        return removed
    }
}
