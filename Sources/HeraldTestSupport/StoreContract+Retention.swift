import Foundation
import HeraldCore
import HeraldStore
import Logging
import SQLKit

extension StoreContract {
    /// Retention removes finished deliveries older than the cutoff in every environment, with their provider
    /// events, and finished webhook messages and attempts; it keeps what is unfinished, what has a follow-up due,
    /// and everything newer. Batches of any size reach the same result.
    public static func retention(_ herald: TestHerald) async throws {
        let store = herald.runtime.deliveryStore
        let driver = herald.runtime.driver
        let now = Date()
        let old = now.addingTimeInterval(-40 * 86_400)
        func delivery(_ status: String, at date: Date, environmentId: String? = nil, followUp: Bool = false) async throws -> String {
            var value = StoreContract.delivery(herald, at: date)
            if let environmentId { value.environmentId = environmentId }
            let id = try await store.enqueue(value).delivery.id
            try await driver.write { db in
                try await db.raw("""
                    UPDATE deliveries SET status = \(bind: status), follow_up = \(bind: followUp ? "delivery.failed:1" : nil),
                        follow_up_at = \(bind: followUp ? old.contractMillis : nil) WHERE id = \(bind: id)
                    """).run()
            }
            return id
        }
        let removable = [
            try await delivery("sent", at: old), try await delivery("failed", at: old),
            try await delivery("delivered", at: old), try await delivery("sent", at: old, environmentId: herald.otherEnvironmentId),
        ]
        let kept = [
            try await delivery("retrying", at: old), try await delivery("queued", at: old),
            try await delivery("failed", at: old, followUp: true), try await delivery("sent", at: now),
        ]
        func event(_ deliveryId: String) async throws {
            try await driver.write { db in
                try await db.raw("""
                    INSERT INTO provider_events (id, delivery_id, integration_id, provider_id, message_id, status,
                        provider_status, occurred_at, received_at, recipient, detail, verified, provider_event_id)
                    VALUES (\(bind: Identifiers.objectId()), \(bind: deliveryId), 'i', 'sendgrid', 'm', 'delivered',
                        'delivered', \(bind: old.contractMillis), \(bind: old.contractMillis), NULL, NULL, \(bind: true), NULL)
                    """).run()
            }
        }
        try await event(removable[0])
        try await event(kept[3])
        func message(_ status: String, at date: Date) async throws -> String {
            let id = Identifiers.objectId()
            try await driver.write { db in
                try await db.raw("""
                    INSERT INTO webhook_messages (id, event_id, event_type, endpoint_id, environment_id, body, status,
                        attempts, next_attempt_at, created_at, updated_at)
                    VALUES (\(bind: id), \(bind: id), 'delivery.sent', 'e', \(bind: herald.environmentId), 'x',
                        \(bind: status), 1, \(bind: date.contractMillis), \(bind: date.contractMillis), \(bind: date.contractMillis))
                    """).run()
            }
            return id
        }
        for status in ["delivered", "failed", "cancelled"] { _ = try await message(status, at: old) }
        let keptMessages = [try await message("pending", at: old), try await message("delivered", at: now)]
        func attempt(at date: Date) async throws -> String {
            let id = Identifiers.objectId()
            try await driver.write { db in
                try await db.raw("""
                    INSERT INTO webhook_attempts (id, message_id, event_id, event_type, endpoint_id, environment_id,
                        attempt, status_code, error, duration_ms, created_at)
                    VALUES (\(bind: id), 'm', 'ev', 'delivery.sent', 'e', \(bind: herald.environmentId), 1, 200, NULL, 3,
                        \(bind: date.contractMillis))
                    """).run()
            }
            return id
        }
        _ = try await attempt(at: old)
        _ = try await attempt(at: old)
        let keptAttempt = try await attempt(at: now)

        let sweeper = RetentionSweeper(
            store: SQLRetentionStore(driver: driver), retention: .seconds(30 * 86_400), batchSize: 2, pause: .zero,
            now: { now }, logger: Logger(label: "contract"))
        let removed = await sweeper.sweepOnce()
        try check(removed == PrunedRecords(deliveries: 4, providerEvents: 1, webhookMessages: 3, webhookAttempts: 2),
                  "removed: \(removed)")
        func ids(_ table: String) async throws -> Set<String> {
            try await driver.read { db in
                Set(try await db.raw("SELECT id FROM \(unsafeRaw: table)").all().map { try $0.decode(column: "id", as: String.self) })
            }
        }
        try check(try await ids("deliveries") == Set(kept), "unfinished, follow-up due and new deliveries stay")
        let events = try await driver.read { db in
            try await db.raw("SELECT delivery_id FROM provider_events").all().map { try $0.decode(column: "delivery_id", as: String.self) }
        }
        try check(events == [kept[3]], "provider events go with their delivery: \(events)")
        try check(try await ids("webhook_messages") == Set(keptMessages), "pending and new webhook messages stay")
        try check(try await ids("webhook_attempts") == [keptAttempt], "new webhook attempts stay")
        try check(await sweeper.sweepOnce() == PrunedRecords(), "a second sweep finds nothing")
        try check(try await store.find(id: kept[3], environmentId: herald.environmentId) != nil, "a new delivery reads back")
    }
}

extension Date {
    /// Milliseconds since 1970, as the stores write times.
    fileprivate var contractMillis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
}
