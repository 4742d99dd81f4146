import Foundation
import HeraldCore
import SQLKit
import Synchronization

/// Subscribers on SQLite or PostgreSQL; each subscriber's channel credentials are sealed as one value.
public struct SQLSubscriberStore: SubscriberStore {
    private let driver: any DatabaseDriver
    private let sealer: CredentialSealer
    static let columns = """
        id, environment_id, organization_id, subscriber_id, first_name, last_name, email, phone, avatar, locale, \
        data, channels, created_at, updated_at
        """

    /// Creates the store.
    public init(driver: any DatabaseDriver, sealer: CredentialSealer) {
        self.driver = driver
        self.sealer = sealer
    }

    public func find(environmentId: String, subscriberId: String) async throws -> Subscriber? {
        let sealer = self.sealer
        return try await driver.read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM subscribers
                WHERE environment_id = \(bind: environmentId) AND subscriber_id = \(bind: subscriberId)
                """).first().map { try Self.decode($0, sealer: sealer) }
        }
    }

    public func list(environmentId: String, limit: Int, offset: Int) async throws -> (subscribers: [Subscriber], total: Int) {
        let sealer = self.sealer
        return try await driver.read { db in
            let total = try await db.raw("""
                SELECT COUNT(*) AS n FROM subscribers WHERE environment_id = \(bind: environmentId)
                """).first()?.decode(column: "n", as: Int.self) ?? 0
            let rows = try await db.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM subscribers WHERE environment_id = \(bind: environmentId)
                ORDER BY created_at DESC, id DESC LIMIT \(literal: limit) OFFSET \(literal: offset)
                """).all()
            return (try rows.map { try Self.decode($0, sealer: sealer) }, total)
        }
    }

    public func insert(_ subscriber: Subscriber) async throws {
        let channels = try sealer.seal(json: .array(subscriber.channels.map(\.json)))
        let data = subscriber.data.map { String(decoding: $0.encoded(), as: UTF8.self) }
        try await driver.transaction { db in
            try await db.raw("""
                INSERT INTO subscribers (\(unsafeRaw: Self.columns)) VALUES (
                \(bind: subscriber.id), \(bind: subscriber.environmentId), \(bind: subscriber.organizationId),
                \(bind: subscriber.subscriberId), \(bind: subscriber.firstName), \(bind: subscriber.lastName),
                \(bind: subscriber.email), \(bind: subscriber.phone), \(bind: subscriber.avatar), \(bind: subscriber.locale),
                \(bind: data), \(bind: channels), \(bind: subscriber.createdAt.millis), \(bind: subscriber.updatedAt.millis))
                """).run()
        }
    }

    public func update(
        environmentId: String, subscriberId: String, _ change: @Sendable (inout Subscriber) throws -> Void
    ) async throws -> Subscriber? {
        let sealer = self.sealer
        let lock = driver.dialect.lockRowSuffix
        return try await driver.transaction { db in
            guard let row = try await db.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM subscribers
                WHERE environment_id = \(bind: environmentId) AND subscriber_id = \(bind: subscriberId)\(unsafeRaw: lock)
                """).first()
            else { return nil }
            var subscriber = try Self.decode(row, sealer: sealer)
            try change(&subscriber)
            let channels = try sealer.seal(json: .array(subscriber.channels.map(\.json)))
            let data = subscriber.data.map { String(decoding: $0.encoded(), as: UTF8.self) }
            try await db.raw("""
                UPDATE subscribers SET first_name = \(bind: subscriber.firstName), last_name = \(bind: subscriber.lastName),
                email = \(bind: subscriber.email), phone = \(bind: subscriber.phone), avatar = \(bind: subscriber.avatar),
                locale = \(bind: subscriber.locale), data = \(bind: data), channels = \(bind: channels),
                updated_at = \(bind: subscriber.updatedAt.millis)
                WHERE id = \(bind: subscriber.id)
                """).run()
            return subscriber
        }
    }

    public func removeDeviceTokens(
        environmentId: String, subscriberId: String, providerId: String, integrationId: String,
        integrationIdentifier: String, tokens: Set<String>
    ) async throws -> [String] {
        let removed = Mutex<[String]>([])
        let timestamp = Date(millis: Date().millis)
        // One transaction holding the row: a concurrent credentials merge or removal waits and loses nothing.
        _ = try await update(environmentId: environmentId, subscriberId: subscriberId) { subscriber in
            let gone = subscriber.removeDeviceTokens(
                tokens, providerId: providerId, integrationId: integrationId, integrationIdentifier: integrationIdentifier)
            if !gone.isEmpty { subscriber.updatedAt = timestamp }
            removed.withLock { $0 = gone }
        }
        return removed.withLock { $0 }
    }

    public func delete(environmentId: String, subscriberId: String) async throws -> Bool {
        try await driver.transaction { db in
            let found = try await db.raw("""
                SELECT id FROM subscribers WHERE environment_id = \(bind: environmentId) AND subscriber_id = \(bind: subscriberId)
                """).first()
            guard let found else { return false }
            try await db.raw("DELETE FROM subscribers WHERE id = \(bind: try found.decode(column: "id", as: String.self))").run()
            return true
        }
    }

    static func decode(_ row: any SQLRow, sealer: CredentialSealer) throws -> Subscriber {
        let channels = try sealer.openJSON(try row.decode(column: "channels", as: String.self))
        return Subscriber(
            id: try row.decode(column: "id", as: String.self),
            environmentId: try row.decode(column: "environment_id", as: String.self),
            organizationId: try row.decode(column: "organization_id", as: String.self),
            subscriberId: try row.decode(column: "subscriber_id", as: String.self),
            firstName: try row.decode(column: "first_name", as: String?.self),
            lastName: try row.decode(column: "last_name", as: String?.self),
            email: try row.decode(column: "email", as: String?.self),
            phone: try row.decode(column: "phone", as: String?.self),
            avatar: try row.decode(column: "avatar", as: String?.self),
            locale: try row.decode(column: "locale", as: String?.self),
            data: try row.decode(column: "data", as: String?.self).flatMap { try? JSONValue.parse(Data($0.utf8)) },
            channels: (channels.arrayValue ?? []).compactMap(SubscriberChannel.init(json:)),
            createdAt: Date(millis: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Date(millis: try row.decode(column: "updated_at", as: Int64.self)))
    }
}
