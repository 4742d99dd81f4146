import Foundation
import HeraldCore
import SQLKit

/// The delivery outbox on SQLite or PostgreSQL. Requests are sealed (they may carry webhook URLs with tokens).
public struct SQLDeliveryStore: DeliveryStore {
    private let driver: any DatabaseDriver
    private let sealer: CredentialSealer
    private let enqueues: GroupCommit<Entry, (Delivery, Bool)>
    private let saves: GroupCommit<[SaveEntry], [Bool]>
    static let columns = """
        id, environment_id, organization_id, channel, status, request, attempts, dropped, round, next_attempt_at, \
        idempotency_key, request_hash, created_at, updated_at
        """
    /// How long an idempotency key holds.
    static let idempotencyWindow: Double = 24 * 3600

    /// Creates the store.
    public init(driver: any DatabaseDriver, sealer: CredentialSealer) {
        self.driver = driver
        self.sealer = sealer
        self.enqueues = GroupCommit { items in try await Self.writeBatch(items, driver: driver, sealer: sealer) }
        self.saves = GroupCommit { items in try await Self.saveBatch(items, driver: driver) }
    }

    /// A new delivery to write, with its sealed request and, when handed to a local worker, its lease.
    struct Entry: Sendable {
        let delivery: Delivery
        let request: String
        let lease: DeliveryLease?
    }

    /// A processed delivery to save under its owner's lease.
    struct SaveEntry: Sendable {
        let delivery: Delivery
        let attempts: String
        let dropped: String
        let owner: String
        let followUp: FollowUpMark?
    }

    public func enqueue(_ delivery: Delivery, lease: DeliveryLease?) async throws -> (delivery: Delivery, created: Bool) {
        var json: [UInt8] = []
        json.reserveCapacity(512)
        delivery.request.jsonValue.write(into: &json)
        let request = try sealer.seal(Data(json))
        let (stored, created) = try await enqueues.submit(Entry(delivery: delivery, request: request, lease: lease))
        return (stored, created)
    }

    /// Writes a batch of new deliveries: one multi-row INSERT (a statement is atomic on its own); with idempotency
    /// keys, in one transaction that checks the keys first.
    static func writeBatch(
        _ items: [Entry], driver: any DatabaseDriver, sealer: CredentialSealer
    ) async throws -> [Result<(Delivery, Bool), any Error>] {
        if items.allSatisfy({ $0.delivery.idempotencyKey == nil }) {
            try await driver.write { db in try await db.raw(insert(items)).run() }
            return items.map { .success(($0.delivery, true)) }
        }
        return try await driver.transaction { db in
            var results: [Result<(Delivery, Bool), any Error>] = []
            var inserts: [Entry] = []
            for entry in items {
                let delivery = entry.delivery
                if let key = delivery.idempotencyKey {
                    let existing = try await db.raw("""
                        SELECT \(unsafeRaw: Self.columns) FROM deliveries
                        WHERE environment_id = \(bind: delivery.environmentId) AND idempotency_key = \(bind: key)
                        """).first().map { try Self.decode($0, sealer: sealer) }
                    if let existing {
                        if existing.createdAt.timeIntervalSince(delivery.createdAt) > -Self.idempotencyWindow {
                            results.append(existing.requestHash == delivery.requestHash
                                ? .success((existing, false))
                                : .failure(HeraldError.conflict("Idempotency-Key \(key) was already used with a different body")))
                            continue
                        }
                        try await db.raw("""
                            UPDATE deliveries SET idempotency_key = NULL WHERE id = \(bind: existing.id)
                            """).run()
                    }
                }
                inserts.append(entry)
                results.append(.success((delivery, true)))
            }
            guard !inserts.isEmpty else { return results }
            try await db.raw(insert(inserts)).run()
            return results
        }
    }

    private static func insert(_ entries: [Entry]) -> SQLQueryString {
        var query: SQLQueryString = """
            INSERT INTO deliveries (\(unsafeRaw: Self.columns), lease_owner, lease_expires_at) VALUES
            """
        for (index, entry) in entries.enumerated() {
            let delivery = entry.delivery
            if index > 0 { query += ", " }
            query += """
                (\(bind: delivery.id), \(bind: delivery.environmentId), \(bind: delivery.organizationId),
                \(bind: delivery.request.channel.rawValue), \(bind: delivery.status.rawValue), \(bind: entry.request),
                \(bind: Self.json(delivery.attempts)), \(bind: Self.json(delivery.droppedIntegrationIds)),
                \(bind: delivery.round), \(bind: delivery.nextAttemptAt.millis), \(bind: delivery.idempotencyKey),
                \(bind: delivery.requestHash), \(bind: delivery.createdAt.millis), \(bind: delivery.updatedAt.millis),
                \(bind: entry.lease?.owner), \(bind: entry.lease?.until.millis))
                """
        }
        return query
    }

    public func find(id: String, environmentId: String) async throws -> Delivery? {
        let sealer = self.sealer
        guard var delivery = try await driver.read({ db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM deliveries
                WHERE id = \(bind: id) AND environment_id = \(bind: environmentId)
                """).first().map { try Self.decode($0, sealer: sealer) }
        }) else { return nil }
        delivery.events = try await SQLProviderEventStore(driver: driver).events(deliveryId: delivery.id)
        if delivery.request.fallback != nil {
            let key = DeliveryFallback.idempotencyKey(of: delivery.id)
            delivery.fallbackDeliveryId = try await driver.read { db in
                try await db.raw("""
                    SELECT id FROM deliveries WHERE environment_id = \(bind: environmentId) AND idempotency_key = \(bind: key)
                    """).first()?.decode(column: "id", as: String.self)
            }
        }
        return delivery
    }

    public func list(
        environmentId: String, status: DeliveryStatus?, channel: Channel?, limit: Int, offset: Int
    ) async throws -> [Delivery] {
        let sealer = self.sealer
        return try await driver.read { db in
            var query: SQLQueryString = """
                SELECT \(unsafeRaw: Self.columns) FROM deliveries WHERE environment_id = \(bind: environmentId)
                """
            if let status { query += " AND status = \(bind: status.rawValue)" }
            if let channel { query += " AND channel = \(bind: channel.rawValue)" }
            query += " ORDER BY created_at DESC, id DESC LIMIT \(literal: limit) OFFSET \(literal: offset)"
            return try await db.raw(query).all().map { try Self.decode($0, sealer: sealer) }
        }
    }

    /// Matches the attempts' JSON text (written by Herald, compact: `"integrationId":"<id>"`), newest first along the
    /// `(environment_id, created_at)` index, so the scan stops at the `limit`-th match.
    public func list(environmentId: String, integrationId: String, limit: Int) async throws -> [Delivery] {
        // Ids are generated letters and digits; anything else could not be in an attempt (nor act as a wildcard).
        guard !integrationId.isEmpty, integrationId.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        else { return [] }
        let sealer = self.sealer
        let pattern = #"%"integrationId":"\#(integrationId)"%"#
        return try await driver.read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM deliveries
                WHERE environment_id = \(bind: environmentId) AND attempts LIKE \(bind: pattern)
                ORDER BY created_at DESC, id DESC LIMIT \(literal: limit)
                """).all().map { try Self.decode($0, sealer: sealer) }
        }
    }

    public func claim(owner: String, limit: Int, now: Date, leaseUntil: Date) async throws -> [Delivery] {
        let sealer = self.sealer
        let lock = driver.dialect.skipLockedSuffix
        return try await driver.transaction { db in
            try await db.raw("""
                UPDATE deliveries SET lease_owner = \(bind: owner), lease_expires_at = \(bind: leaseUntil.millis),
                status = 'sending'
                WHERE id IN (
                    SELECT id FROM deliveries
                    WHERE status IN ('queued', 'retrying', 'sending') AND next_attempt_at <= \(bind: now.millis)
                    AND (lease_expires_at IS NULL OR lease_expires_at < \(bind: now.millis))
                    ORDER BY next_attempt_at, id LIMIT \(literal: limit)\(unsafeRaw: lock))
                RETURNING \(unsafeRaw: Self.columns)
                """).all().map { try Self.decode($0, sealer: sealer) }
        }
    }

    public func save(_ delivery: Delivery, owner: String, followUp: FollowUpMark?) async throws -> Bool {
        try await saves.submit([Self.entry(delivery, owner: owner, followUp: followUp)])[0]
    }

    /// Saves concurrently with other callers: all pending saves commit in one transaction.
    public func saveAll(_ deliveries: [Delivery], owner: String) async throws -> [Bool] {
        try await saves.submit(deliveries.map { Self.entry($0, owner: owner, followUp: nil) })
    }

    static func entry(_ delivery: Delivery, owner: String, followUp: FollowUpMark?) -> SaveEntry {
        SaveEntry(delivery: delivery, attempts: json(delivery.attempts), dropped: json(delivery.droppedIntegrationIds),
                  owner: owner, followUp: followUp)
    }

    public func followUpsDue(now: Date, limit: Int) async throws -> [DueFollowUp] {
        let sealer = self.sealer
        return try await driver.read { db in
            try await db.raw("""
                SELECT \(unsafeRaw: Self.columns), follow_up, follow_up_at FROM deliveries
                WHERE follow_up IS NOT NULL AND follow_up_at <= \(bind: now.millis)
                ORDER BY follow_up_at LIMIT \(literal: max(1, limit))
                """).all().map { row in
                // Each row on its own: one that cannot be read must not hold back the others.
                let dueAt = Date(millis: try row.decode(column: "follow_up_at", as: Int64.self))
                return DueFollowUp(
                    id: try row.decode(column: "id", as: String.self), dueAt: dueAt,
                    delivery: try? Self.decode(row, sealer: sealer),
                    mark: (try? row.decode(column: "follow_up", as: String.self)).flatMap { FollowUpMark(text: $0, dueAt: dueAt) })
            }
        }
    }

    public func clearFollowUp(id: String, dueAt: Date) async throws {
        try await driver.write { db in
            try await db.raw("""
                UPDATE deliveries SET follow_up = NULL, follow_up_at = NULL
                WHERE id = \(bind: id) AND follow_up_at = \(bind: dueAt.millis)
                """).run()
        }
    }

    public func postponeFollowUp(id: String, dueAt: Date, until: Date) async throws {
        try await driver.write { db in
            try await db.raw("""
                UPDATE deliveries SET follow_up_at = \(bind: until.millis)
                WHERE id = \(bind: id) AND follow_up_at = \(bind: dueAt.millis)
                """).run()
        }
    }

    /// Saves every entry of every group with one UPDATE … FROM (VALUES …) (atomic on its own); RETURNING says which
    /// rows still had their lease.
    static func saveBatch(_ groups: [[SaveEntry]], driver: any DatabaseDriver) async throws -> [Result<[Bool], any Error>] {
        let entries = groups.flatMap { $0 }
        guard !entries.isEmpty else { return groups.map { _ in .success([]) } }
        var query: SQLQueryString = """
            UPDATE deliveries SET
            status = CASE WHEN deliveries.status IN ('failed', 'delivered') AND v.column3 = 'sent'
                THEN deliveries.status ELSE v.column3 END,
            round = v.column4, next_attempt_at = v.column5,
            attempts = v.column6, dropped = v.column7, updated_at = v.column8, lease_owner = NULL, lease_expires_at = NULL,
            provider_id = COALESCE(NULLIF(v.column9, ''), deliveries.provider_id),
            message_id = COALESCE(NULLIF(v.column10, ''), deliveries.message_id),
            follow_up = COALESCE(NULLIF(v.column11, ''), deliveries.follow_up),
            follow_up_at = CASE WHEN v.column11 = '' THEN deliveries.follow_up_at ELSE v.column12 END
            FROM (VALUES
            """
        for (index, entry) in entries.enumerated() {
            let delivery = entry.delivery
            // The provider message id of the attempt that sent it: the index provider webhooks are matched through.
            let sent = delivery.attempts.last { $0.outcome == .sent && $0.messageId != nil }
            if index > 0 { query += ", " }
            query += """
                (\(bind: delivery.id), \(bind: entry.owner), \(bind: delivery.status.rawValue), \(bind: delivery.round),
                \(bind: delivery.nextAttemptAt.millis), \(bind: entry.attempts), \(bind: entry.dropped),
                \(bind: delivery.updatedAt.millis), \(bind: sent?.providerId ?? ""),
                \(bind: sent?.messageId.map(ProviderEventReport.normalized) ?? ""), \(bind: entry.followUp?.text ?? ""),
                \(bind: entry.followUp?.dueAt.millis ?? 0))
                """
        }
        query += """
            ) AS v WHERE deliveries.id = v.column1 AND deliveries.lease_owner = v.column2 RETURNING deliveries.id
            """
        let statement = query
        let saved = try await driver.write { db in
            Set(try await db.raw(statement).all().map { try $0.decode(column: "id", as: String.self) })
        }
        return groups.map { group in .success(group.map { saved.contains($0.delivery.id) }) }
    }

    public func queueDepth() async throws -> Int {
        try await driver.read { db in
            try await db.raw("""
                SELECT COUNT(*) AS n FROM deliveries WHERE status IN ('queued', 'retrying', 'sending')
                """).first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// One GROUP BY over the `(environment_id, created_at)` index; the minute is the integer division of the
    /// creation time in milliseconds, which both SQLite and PostgreSQL compute on BIGINT alike.
    public func countsPerMinute(environmentId: String, since: Date) async throws -> [DeliveryMinuteCount] {
        try await driver.read { db in
            try await db.raw("""
                SELECT created_at / 60000 AS minute, status, COUNT(*) AS n FROM deliveries
                WHERE environment_id = \(bind: environmentId) AND created_at >= \(bind: since.millis)
                GROUP BY created_at / 60000, status ORDER BY minute, status
                """).all().compactMap { row -> DeliveryMinuteCount? in
                    guard let status = DeliveryStatus(rawValue: try row.decode(column: "status", as: String.self))
                    else { return nil }
                    return DeliveryMinuteCount(
                        minute: try row.decode(column: "minute", as: Int64.self), status: status,
                        count: try row.decode(column: "n", as: Int.self))
                }
        }
    }

    public func release(ids: [String], owner: String) async throws {
        guard !ids.isEmpty else { return }
        try await driver.transaction { db in
            try await db.raw("""
                UPDATE deliveries SET lease_owner = NULL, lease_expires_at = NULL
                WHERE lease_owner = \(bind: owner) AND id IN (\(binds: ids))
                """).run()
        }
    }

    public func requeue(id: String, environmentId: String, now: Date) async throws -> Delivery? {
        try await driver.transaction { db in
            try await db.raw("""
                UPDATE deliveries SET status = 'queued', round = 0, dropped = '[]', next_attempt_at = \(bind: now.millis),
                updated_at = \(bind: now.millis), lease_owner = NULL, lease_expires_at = NULL
                WHERE id = \(bind: id) AND environment_id = \(bind: environmentId) AND status = 'failed'
                """).run()
        }
        return try await find(id: id, environmentId: environmentId)
    }

    static func json(_ attempts: [DeliveryAttempt]) -> String {
        JSONValue.array(attempts.map(\.jsonValue)).jsonText
    }

    static func json(_ ids: [String]) -> String {
        JSONValue.array(ids.map(JSONValue.string)).jsonText
    }

    static func decode(_ row: any SQLRow, sealer: CredentialSealer) throws -> Delivery {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        let request = try decoder.decode(
            DeliveryRequest.self, from: sealer.open(row.decode(column: "request", as: String.self)))
        let statusText = try row.decode(column: "status", as: String.self)
        return Delivery(
            id: try row.decode(column: "id", as: String.self),
            environmentId: try row.decode(column: "environment_id", as: String.self),
            organizationId: try row.decode(column: "organization_id", as: String.self),
            request: request,
            status: DeliveryStatus(rawValue: statusText) ?? .queued,
            round: try row.decode(column: "round", as: Int.self),
            nextAttemptAt: Date(millis: try row.decode(column: "next_attempt_at", as: Int64.self)),
            attempts: try decoder.decode(
                [DeliveryAttempt].self, from: Data(row.decode(column: "attempts", as: String.self).utf8)),
            droppedIntegrationIds: try decoder.decode(
                [String].self, from: Data(row.decode(column: "dropped", as: String.self).utf8)),
            idempotencyKey: try row.decode(column: "idempotency_key", as: String?.self),
            requestHash: try row.decode(column: "request_hash", as: String?.self),
            createdAt: Date(millis: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Date(millis: try row.decode(column: "updated_at", as: Int64.self)))
    }
}
