import Foundation
import HeraldApp
import HeraldCore
import HeraldStore
import SQLKit

/// Store scenarios that must behave the same on every database. Each throws ``ContractFailure`` on a violation.
public enum StoreContract {
    /// A violated expectation, with what was seen.
    public struct ContractFailure: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    static func check(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw ContractFailure(message()) }
    }

    static func input(_ herald: TestHerald, provider: String = "postmark", active: Bool = true,
                      identifier: String? = nil, conditions: [StepFilter] = []) -> CreateIntegrationInput {
        CreateIntegrationInput(
            environmentId: herald.environmentId, providerId: provider, channel: .email, identifier: identifier,
            credentials: Credentials(["apiKey": .string("secret-\(UUID().uuidString)"), "from": .string("a@b.c"),
                                      "senderName": .string("A")]),
            active: active, conditions: conditions)
    }

    /// Checks the ranking invariant of one channel: priorities N…1 over active integrations, at most one primary.
    public static func assertRanking(_ herald: TestHerald, expectPrimary: Bool = true) async throws {
        let all = try await herald.runtime.integrations.list(scope: .environment(herald.environmentId), activeOnly: false)
            .filter { $0.channel == .email }
        let active = all.filter(\.active)
        let priorities = active.map(\.priority).sorted()
        try check(priorities == Array(1...max(1, active.count)).prefix(active.count).map { $0 },
                  "priorities \(priorities) for \(active.count) active")
        let primaries = all.filter(\.primary)
        try check(primaries.count == (expectPrimary && !active.isEmpty ? 1 : 0), "primaries: \(primaries.map(\.id))")
        if let primary = primaries.first {
            try check(primary.active && primary.priority == active.count, "primary must be active and ranked first")
        }
    }

    /// Create, set-primary, deactivate and delete keep the ranking invariant, and promote a successor.
    public static func primaryLifecycle(_ herald: TestHerald) async throws {
        let service = herald.runtime.integrations
        let principal = try await herald.apiKeyPrincipal()
        let a = try await service.create(input(herald), principal: principal)
        let b = try await service.create(input(herald), principal: principal)
        let c = try await service.create(input(herald), principal: principal)
        try check(a.primary && !b.primary && !c.primary, "first active becomes primary")
        try await assertRanking(herald)
        _ = try await service.setPrimary(id: c.id, principal: principal)
        try check(try await service.get(id: c.id, principal: principal).primary, "c is primary")
        try await assertRanking(herald)
        _ = try await service.update(id: c.id, UpdateIntegrationInput(active: false), principal: principal)
        try await assertRanking(herald)
        let promoted = try await service.list(scope: .environment(herald.environmentId), activeOnly: true)
            .first(where: \.primary)
        try check(promoted != nil && promoted?.id != c.id, "a successor was promoted after deactivation")
        _ = try await service.delete(id: promoted!.id, principal: principal)
        try await assertRanking(herald)
        let remaining = try await service.list(scope: .environment(herald.environmentId), activeOnly: true)
        try check(remaining.count == 1 && remaining[0].primary, "the last active one is primary: \(remaining)")
    }

    /// 20 concurrent creates and set-primary calls leave exactly one primary and a dense ranking.
    public static func concurrentPrimary(_ herald: TestHerald, count: Int = 20) async throws {
        let service = herald.runtime.integrations
        let principal = try await herald.apiKeyPrincipal()
        let seeds = try await withThrowingTaskGroup(of: Integration.self) { group in
            for _ in 0..<count { group.addTask { try await service.create(input(herald), principal: principal) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        try await assertRanking(herald)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, seed) in seeds.enumerated() {
                group.addTask {
                    if index % 2 == 0 {
                        _ = try await service.setPrimary(id: seed.id, principal: principal)
                    } else {
                        _ = try await service.create(input(herald), principal: principal)
                    }
                }
            }
            try await group.waitForAll()
        }
        try await assertRanking(herald)
    }

    /// Stored credentials are sealed; rotation re-seals them under a new key and they still open.
    public static func credentialsAreSealedAtRest(_ herald: TestHerald) async throws {
        let principal = try await herald.apiKeyPrincipal()
        var created: [Integration] = []
        for _ in 0..<5 { created.append(try await herald.runtime.integrations.create(input(herald, active: false), principal: principal)) }
        let rotator = CredentialRotator(driver: herald.runtime.driver, sealer: herald.runtime.sealer)
        try check(try await rotator.remaining() == 0, "every row is sealed with the active key")
        let rows = try await herald.runtime.driver.read { db in
            try await db.raw("SELECT credentials FROM integrations").all().map { try $0.decode(column: "credentials", as: String.self) }
        }
        for row in rows {
            try check(row.hasPrefix("hv1."), "sealed: \(row.prefix(8))")
            for integration in created {
                try check(!row.contains(integration.credentials[string: "apiKey"]!), "plaintext secret in a row")
            }
        }
        for integration in created {
            let read = try await herald.runtime.integrations.get(id: integration.id, principal: principal)
            try check(read.credentials == integration.credentials, "credentials round-trip")
        }
    }
}

extension StoreContract {
    static func delivery(_ herald: TestHerald, key: String? = nil, hash: String? = nil, at date: Date) -> Delivery {
        Delivery(
            id: Identifiers.objectId(), environmentId: herald.environmentId, organizationId: herald.keys.organizationId,
            request: DeliveryRequest(channel: .chat, to: .init(webhookUrl: "http://127.0.0.1:1/hook?token=secret-token"),
                                     content: .init(content: "hello")),
            nextAttemptAt: date, idempotencyKey: key, requestHash: hash, createdAt: date, updatedAt: date)
    }

    /// Claims hand each due delivery to one owner; an expired lease is claimed again; a lost lease cannot save.
    public static func queueClaimsAndLeases(_ herald: TestHerald) async throws {
        let store = herald.runtime.deliveryStore
        let now = Date()
        var ids: Set<String> = []
        for _ in 0..<12 { ids.insert(try await store.enqueue(delivery(herald, at: now)).delivery.id) }
        let first = try await store.claim(owner: "a", limit: 5, now: now, leaseUntil: now.addingTimeInterval(60))
        let second = try await store.claim(owner: "b", limit: 5, now: now, leaseUntil: now.addingTimeInterval(60))
        try check(first.count == 5 && second.count == 5, "claims: \(first.count), \(second.count)")
        try check(Set(first.map(\.id)).isDisjoint(with: second.map(\.id)), "no delivery is claimed twice")
        try check(first.allSatisfy { $0.status == .sending }, "claimed deliveries are sending")
        let later = now.addingTimeInterval(61)
        let reclaimed = try await store.claim(owner: "c", limit: 20, now: later, leaseUntil: later.addingTimeInterval(60))
        try check(reclaimed.count == 12, "expired leases are claimed again, with the 2 unclaimed: \(reclaimed.count)")
        var done = first[0]
        done.status = .sent
        try check(try await !store.save(done, owner: "a"), "a lost lease cannot save")
        try check(try await store.save(done, owner: "c"), "the lease holder saves")
        try check(try await store.find(id: done.id, environmentId: herald.environmentId)?.status == .sent, "saved as sent")
        let stored = try await herald.runtime.driver.read { db in
            try await db.raw("SELECT request FROM deliveries").all().map { try $0.decode(column: "request", as: String.self) }
        }
        try check(stored.allSatisfy { !$0.contains("secret-token") && $0.hasPrefix("hv1.") }, "requests are sealed")
    }

    /// A save writes a follow-up mark in the same statement; marks are listed earliest first once due, with what
    /// they owe; a later save without a mark keeps it, a newer mark replaces it, and a clear or postponement only
    /// touches the mark it names. An unreadable mark is listed without its parts.
    public static func followUpMarks(_ herald: TestHerald) async throws {
        let store = herald.runtime.deliveryStore
        let now = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded() / 1000)
        var saved: [Delivery] = []
        for offset in 0..<3 {
            var claimed = try await store.enqueue(
                delivery(herald, at: now), lease: DeliveryLease(owner: "w", until: now.addingTimeInterval(60))).delivery
            claimed.status = .failed
            let mark = offset == 1 ? nil : FollowUpMark(event: .deliveryFailed, attempts: 2, dueAt: now.addingTimeInterval(Double(offset) - 10))
            try check(try await store.save(claimed, owner: "w", followUp: mark), "the lease holder saves")
            saved.append(claimed)
        }
        let due = try await store.followUpsDue(now: now, limit: 10)
        try check(due.map(\.id) == [saved[0].id, saved[2].id], "marked ones, earliest first: \(due.map(\.id))")
        try check(due.first?.mark == FollowUpMark(event: .deliveryFailed, attempts: 2, dueAt: now.addingTimeInterval(-10)),
                  "with what they owe: \(String(describing: due.first?.mark))")
        try check(due.first?.delivery?.status == .failed, "and the delivery")
        try check(try await store.followUpsDue(now: now.addingTimeInterval(-9.5), limit: 10).map(\.id) == [saved[0].id],
                  "only those due")
        // A clear naming another due time changes nothing; the right one ends the mark.
        try await store.clearFollowUp(id: saved[0].id, dueAt: now)
        try check(try await store.followUpsDue(now: now, limit: 10).count == 2, "a clear of another mark is ignored")
        try await store.clearFollowUp(id: saved[0].id, dueAt: now.addingTimeInterval(-10))
        try check(try await store.followUpsDue(now: now, limit: 10).map(\.id) == [saved[2].id], "a cleared mark ends")
        try await store.postponeFollowUp(id: saved[2].id, dueAt: now.addingTimeInterval(-8), until: now.addingTimeInterval(60))
        try check(try await store.followUpsDue(now: now, limit: 10).isEmpty, "a postponed mark is due later")
        // Requeued and saved again: without a mark the earlier one stays; with one, the newer replaces it.
        _ = try await store.requeue(id: saved[2].id, environmentId: herald.environmentId, now: now)
        let claimed = try await store.claim(owner: "w2", limit: 10, now: now, leaseUntil: now.addingTimeInterval(60))
        guard var again = claimed.first(where: { $0.id == saved[2].id }) else {
            throw ContractFailure("the requeued delivery is claimed: \(claimed.map(\.id))")
        }
        again.status = .sent
        try check(try await store.save(again, owner: "w2", followUp: nil), "saved again")
        try check(try await store.followUpsDue(now: now.addingTimeInterval(60), limit: 10).map(\.mark?.event) == [.deliveryFailed],
                  "an unmarked save keeps an earlier mark")
        let requeuedId = saved[2].id
        try await driver(herald).write { db in
            try await db.raw("UPDATE deliveries SET status = 'failed' WHERE id = \(bind: requeuedId)").run()
        }
        _ = try await store.requeue(id: saved[2].id, environmentId: herald.environmentId, now: now)
        guard var third = try await store.claim(owner: "w3", limit: 10, now: now, leaseUntil: now.addingTimeInterval(60))
            .first(where: { $0.id == saved[2].id }) else { throw ContractFailure("claimed a third time") }
        third.status = .sent
        let newer = FollowUpMark(event: .deliverySent, attempts: 5, dueAt: now.addingTimeInterval(-1))
        try check(try await store.save(third, owner: "w3", followUp: newer), "saved a third time")
        try check(try await store.followUpsDue(now: now, limit: 10).map(\.mark) == [newer], "the newer mark replaced it")
        // A mark this version cannot read is listed without its parts.
        try await driver(herald).write { db in
            try await db.raw("UPDATE deliveries SET follow_up = 'delivery.unknown:x' WHERE id = \(bind: requeuedId)").run()
        }
        let unreadable = try await store.followUpsDue(now: now, limit: 10)
        try check(unreadable.count == 1 && unreadable[0].mark == nil && unreadable[0].delivery != nil, "unreadable mark")
    }

    static func driver(_ herald: TestHerald) -> any DatabaseDriver { herald.runtime.driver }

    /// A delivery enqueued with a lease belongs to its owner until the lease ends or the owner releases it; it
    /// is saved under that lease like a claimed one, and saves of several deliveries commit together.
    public static func leasedEnqueueAndRelease(_ herald: TestHerald) async throws {
        let store = herald.runtime.deliveryStore
        let now = Date()
        let lease = DeliveryLease(owner: "local", until: now.addingTimeInterval(60))
        var leased: [Delivery] = []
        for _ in 0..<4 { leased.append(try await store.enqueue(delivery(herald, at: now), lease: lease).delivery) }
        let unleased = try await store.enqueue(delivery(herald, at: now)).delivery
        let claimed = try await store.claim(owner: "other", limit: 10, now: now, leaseUntil: now.addingTimeInterval(60))
        try check(claimed.map(\.id) == [unleased.id], "only the unleased delivery is claimable: \(claimed.map(\.id))")
        try check(try await !store.save(leased[0], owner: "other"), "another owner cannot save a leased delivery")
        var sent = leased[0], retrying = leased[1]
        sent.status = .sent
        retrying.status = .retrying
        retrying.round = 1
        retrying.nextAttemptAt = now.addingTimeInterval(600)
        let saved = try await store.saveAll([sent, retrying], owner: "local")
        try check(saved == [true, true], "the lease holder saves both: \(saved)")
        try check(try await store.find(id: sent.id, environmentId: herald.environmentId)?.status == .sent, "saved as sent")
        try await store.release(ids: [leased[2].id], owner: "someone-else")
        try check(try await store.claim(owner: "other", limit: 10, now: now, leaseUntil: now.addingTimeInterval(60)).isEmpty,
                  "a release by another owner changes nothing")
        try await store.release(ids: [leased[2].id, leased[3].id], owner: "local")
        let released = try await store.claim(owner: "other", limit: 10, now: now, leaseUntil: now.addingTimeInterval(60))
        try check(Set(released.map(\.id)) == Set([leased[2].id, leased[3].id]), "released deliveries are claimable at once")
        let later = now.addingTimeInterval(3600)
        let due = try await store.claim(owner: "third", limit: 10, now: later, leaseUntil: later.addingTimeInterval(60))
        try check(due.map(\.id).contains(retrying.id), "a retrying delivery is claimed when due")
    }

    /// Deliveries counted per minute of creation and status (one environment's only, from `since` on, minutes split
    /// at the boundary), and an integration's newest deliveries.
    public static func deliveryDashboardQueries(_ herald: TestHerald) async throws {
        let store = herald.runtime.deliveryStore
        let minute = DeliveryMinuteCount.minute(of: Date()) - 10
        func at(_ minuteOffset: Int64, _ milliseconds: Int64) -> Date {
            Date(timeIntervalSince1970: Double((minute + minuteOffset) * 60_000 + milliseconds) / 1000)
        }
        func enqueue(_ date: Date, _ status: DeliveryStatus, environmentId: String? = nil) async throws {
            var item = delivery(herald, at: date)
            item.status = status
            if let environmentId { item.environmentId = environmentId }
            _ = try await store.enqueue(item)
        }
        try await enqueue(at(-1, 59_999), .sent)  // before `since`
        try await enqueue(at(0, 0), .sent)
        try await enqueue(at(0, 59_999), .sent)
        try await enqueue(at(0, 30_000), .failed)
        try await enqueue(at(1, 0), .queued)
        try await enqueue(at(1, 1), .retrying)
        try await enqueue(at(0, 10), .sent, environmentId: herald.otherEnvironmentId)
        let counts = try await store.countsPerMinute(environmentId: herald.environmentId, since: at(0, 0))
        let expected: Set<DeliveryMinuteCount> = [
            .init(minute: minute, status: .sent, count: 2), .init(minute: minute, status: .failed, count: 1),
            .init(minute: minute + 1, status: .queued, count: 1), .init(minute: minute + 1, status: .retrying, count: 1),
        ]
        try check(counts.count == expected.count && Set(counts) == expected, "counts per minute: \(counts)")
        try check(try await store.countsPerMinute(environmentId: herald.environmentId, since: at(2, 0)).isEmpty,
                  "nothing after the last delivery")

        // An integration's newest deliveries: those with an attempt through it, newest first, at most `limit`.
        func attempted(_ date: Date, _ integrationIds: [String], environmentId: String? = nil) async throws -> String {
            var item = delivery(herald, at: date)
            item.attempts = integrationIds.map {
                DeliveryAttempt(round: 0, integrationId: $0, identifier: "x", providerId: "chat-webhook", startedAt: date,
                                endedAt: date, outcome: .sent)
            }
            if let environmentId { item.environmentId = environmentId }
            return try await store.enqueue(item).delivery.id
        }
        let first = try await attempted(at(3, 0), ["i1"])
        _ = try await attempted(at(3, 1), ["i2"])
        let both = try await attempted(at(3, 2), ["i2", "i1"])
        let newest = try await attempted(at(3, 3), ["i1"])
        _ = try await attempted(at(3, 4), ["i1"], environmentId: herald.otherEnvironmentId)
        let forI1 = try await store.list(environmentId: herald.environmentId, integrationId: "i1", limit: 10).map(\.id)
        try check(forI1 == [newest, both, first], "deliveries attempted through i1, newest first: \(forI1)")
        let two = try await store.list(environmentId: herald.environmentId, integrationId: "i1", limit: 2).map(\.id)
        try check(two == [newest, both], "at most the limit: \(two)")
        try check(try await store.list(environmentId: herald.environmentId, integrationId: "i", limit: 10).isEmpty,
                  "a prefix of an id matches nothing")
        try check(try await store.list(environmentId: herald.environmentId, integrationId: "%", limit: 10).isEmpty,
                  "no wildcards")
    }

    /// The same idempotency key and body return the first delivery; another body is a conflict.
    public static func idempotentEnqueue(_ herald: TestHerald) async throws {
        let store = herald.runtime.deliveryStore
        let now = Date()
        let original = try await store.enqueue(delivery(herald, key: "k", hash: "h1", at: now))
        let replay = try await store.enqueue(delivery(herald, key: "k", hash: "h1", at: now))
        try check(original.created && !replay.created && replay.delivery.id == original.delivery.id, "replay returns the original")
        do {
            _ = try await store.enqueue(delivery(herald, key: "k", hash: "h2", at: now))
            throw ContractFailure("a different body with the same key must conflict")
        } catch let error as HeraldError {
            try check(error.kind == .conflict, "conflict: \(error)")
        }
        let dayLater = now.addingTimeInterval(24 * 3600 + 1)
        let fresh = try await store.enqueue(delivery(herald, key: "k", hash: "h2", at: dayLater))
        try check(fresh.created && fresh.delivery.id != original.delivery.id, "keys expire after 24 h")
    }
}

extension StoreContract {
    /// Subscribers: create-or-update by subscriberId, unique per environment, paging, credentials replaced and
    /// merged (concurrent merges lose nothing), sealed at rest, deleted.
    public static func subscribers(_ herald: TestHerald) async throws {
        let principal = try await herald.apiKeyPrincipal()
        guard case .apiKey(let environment) = principal else { throw ContractFailure("an API key principal") }
        let chat = try await herald.runtime.integrations.create(CreateIntegrationInput(
            environmentId: herald.environmentId, providerId: "chat-webhook", channel: .chat,
            credentials: Credentials(["secretKey": .string("s")]), active: true), principal: principal)
        let service = herald.runtime.subscribers
        let secretURL = "https://hooks.example.com/subscriber-secret-\(UUID().uuidString)"
        let created = try await service.createOrUpdate(CreateSubscriberInput(
            subscriberId: "user-1", profile: SubscriberProfile(email: "a@example.com", data: .object(["plan": .string("pro")])),
            channels: [SubscriberCredentialsInput(providerId: "chat-webhook", credentials: .init(webhookUrl: secretURL))]),
            environment: environment)
        try check(created.channels.count == 1 && created.channels[0].integrationId == chat.id
                  && created.channels[0].integrationIdentifier == chat.identifier, "channel saved for the integration: \(created.channels)")
        let again = try await service.createOrUpdate(
            CreateSubscriberInput(subscriberId: "user-1", profile: SubscriberProfile(firstName: "Ada")), environment: environment)
        try check(again.id == created.id && again.email == "a@example.com" && again.firstName == "Ada"
                  && again.channels == created.channels, "a second create updates: \(again)")
        let stored = try await herald.runtime.subscriberStore.find(environmentId: herald.environmentId, subscriberId: "user-1")
        try check(stored == again, "the stored subscriber reads back as answered")
        do {
            try await herald.runtime.subscriberStore.insert(created)
            throw ContractFailure("a second insert of the same subscriberId must conflict")
        } catch let error as HeraldError {
            try check(error.kind == .conflict, "conflict: \(error)")
        }
        for index in 2...5 {
            _ = try await service.createOrUpdate(CreateSubscriberInput(subscriberId: "user-\(index)"), environment: environment)
        }
        let page = try await service.list(environmentId: herald.environmentId, page: 1, limit: 2)
        try check(page.total == 5 && page.subscribers.count == 2, "page 1 of 2: \(page.total), \(page.subscribers.count)")
        try check(try await service.list(environmentId: herald.otherEnvironmentId, page: 0, limit: 10).total == 0,
                  "other environments see none")
        // Concurrent merges each append their token; none is lost.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<8 {
                group.addTask {
                    _ = try await service.setCredentials(
                        subscriberId: "user-1",
                        SubscriberCredentialsInput(providerId: "chat-webhook", credentials: .init(deviceTokens: ["t\(index)", "shared"])),
                        merge: true, environmentId: herald.environmentId)
                }
            }
            try await group.waitForAll()
        }
        let merged = try await service.get(subscriberId: "user-1", environmentId: herald.environmentId)
        let tokens = merged.channels.first?.credentials.deviceTokens ?? []
        try check(Set(tokens) == Set((0..<8).map { "t\($0)" } + ["shared"]) && tokens.count == 9,
                  "merged tokens without duplicates: \(tokens)")
        try check(merged.channels.first?.credentials.webhookUrl == secretURL, "a merge keeps the webhook URL")
        let replaced = try await service.setCredentials(
            subscriberId: "user-1", SubscriberCredentialsInput(providerId: "chat-webhook", credentials: .init(channel: "#ops")),
            merge: false, environmentId: herald.environmentId)
        try check(replaced.channels.count == 1 && replaced.channels[0].credentials == .init(channel: "#ops"),
                  "a replace drops the rest: \(replaced.channels)")
        let rows = try await herald.runtime.driver.read { db in
            try await db.raw("SELECT channels FROM subscribers").all().map { try $0.decode(column: "channels", as: String.self) }
        }
        try check(rows.allSatisfy { $0.hasPrefix("hv1.") && !$0.contains("subscriber-secret") && !$0.contains("#ops") },
                  "channel credentials are sealed")
        try await service.deleteCredentials(subscriberId: "user-1", providerId: "chat-webhook", environmentId: herald.environmentId)
        try check(try await service.get(subscriberId: "user-1", environmentId: herald.environmentId).channels.isEmpty,
                  "credentials of the provider removed")
        try check(try await herald.runtime.subscriberStore.delete(environmentId: herald.environmentId, subscriberId: "user-1"),
                  "deleted")
        try check(try await !herald.runtime.subscriberStore.delete(environmentId: herald.environmentId, subscriberId: "user-1"),
                  "deleting again finds nothing")
        let reused = try await service.createOrUpdate(CreateSubscriberInput(subscriberId: "user-1"), environment: environment)
        try check(reused.id != created.id && reused.email == nil, "a deleted subscriberId can be used again")
        try await subscriberDeviceTokenRemoval(herald)
    }
}
