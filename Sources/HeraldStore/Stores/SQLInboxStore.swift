import Foundation
import HeraldCore
import SQLKit

/// In-app messages on SQLite or PostgreSQL.
public struct SQLInboxStore: InboxStore {
    private let driver: any DatabaseDriver
    static let columns = "id, environment_id, subscriber_id, delivery_id, title, content, data, is_read, is_seen, created_at"

    /// Creates the store.
    public init(driver: any DatabaseDriver) { self.driver = driver }

    public func insert(_ message: InboxMessage) async throws -> String {
        let data = message.data.map { String(decoding: $0.encoded(), as: UTF8.self) }
        return try await driver.transaction { db in
            if let existing = try await db.raw("""
                SELECT id FROM inbox_messages WHERE environment_id = \(bind: message.environmentId)
                AND delivery_id = \(bind: message.deliveryId)
                """).first() {
                return try existing.decode(column: "id", as: String.self)
            }
            try await db.raw("""
                INSERT INTO inbox_messages (\(unsafeRaw: Self.columns)) VALUES (
                \(bind: message.id), \(bind: message.environmentId), \(bind: message.subscriberId),
                \(bind: message.deliveryId), \(bind: message.title), \(bind: message.content), \(bind: data),
                \(bind: message.read), \(bind: message.seen), \(bind: message.createdAt.millis))
                """).run()
            return message.id
        }
    }

    public func feed(
        environmentId: String, subscriberId: String, read: Bool?, seen: Bool?, limit: Int, offset: Int
    ) async throws -> ([InboxMessage], Int) {
        try await driver.read { db in
            var filter: SQLQueryString = "environment_id = \(bind: environmentId) AND subscriber_id = \(bind: subscriberId)"
            if let read { filter += " AND is_read = \(bind: read)" }
            if let seen { filter += " AND is_seen = \(bind: seen)" }
            let total = try await db.raw("SELECT COUNT(*) AS n FROM inbox_messages WHERE " + filter)
                .first()?.decode(column: "n", as: Int.self) ?? 0
            let rows = try await db.raw(
                "SELECT \(unsafeRaw: Self.columns) FROM inbox_messages WHERE " + filter
                    + " ORDER BY created_at DESC, id DESC LIMIT \(literal: limit) OFFSET \(literal: offset)"
            ).all()
            return (try rows.map(Self.decode), total)
        }
    }

    public func unseenCount(environmentId: String, subscriberId: String) async throws -> Int {
        try await driver.read { db in
            try await db.raw("""
                SELECT COUNT(*) AS n FROM inbox_messages WHERE environment_id = \(bind: environmentId)
                AND subscriber_id = \(bind: subscriberId) AND is_seen = false
                """).first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    public func mark(
        environmentId: String, subscriberId: String, ids: [String], read: Bool?, seen: Bool?
    ) async throws -> [InboxMessage] {
        guard !ids.isEmpty else { return [] }
        return try await driver.transaction { db in
            let scope: SQLQueryString = """
                environment_id = \(bind: environmentId) AND subscriber_id = \(bind: subscriberId)
                AND id IN (\(binds: ids))
                """
            if let read {
                // Reading a message also sees it; un-reading leaves it seen.
                let alsoSeen: SQLQueryString = read ? ", is_seen = true" : ""
                try await db.raw("UPDATE inbox_messages SET is_read = \(bind: read)" + alsoSeen + " WHERE " + scope).run()
            }
            if let seen {
                let alsoUnread: SQLQueryString = seen ? "" : ", is_read = false"
                try await db.raw("UPDATE inbox_messages SET is_seen = \(bind: seen)" + alsoUnread + " WHERE " + scope).run()
            }
            return try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM inbox_messages WHERE " + scope
                + " ORDER BY created_at DESC, id DESC").all().map(Self.decode)
        }
    }

    static func decode(_ row: any SQLRow) throws -> InboxMessage {
        InboxMessage(
            id: try row.decode(column: "id", as: String.self),
            environmentId: try row.decode(column: "environment_id", as: String.self),
            subscriberId: try row.decode(column: "subscriber_id", as: String.self),
            deliveryId: try row.decode(column: "delivery_id", as: String.self),
            title: try row.decode(column: "title", as: String?.self),
            content: try row.decode(column: "content", as: String.self),
            data: try row.decode(column: "data", as: String?.self).flatMap { try? JSONValue.parse(Data($0.utf8)) },
            read: try row.decode(column: "is_read", as: Bool.self),
            seen: try row.decode(column: "is_seen", as: Bool.self),
            createdAt: Date(millis: try row.decode(column: "created_at", as: Int64.self)))
    }
}
