import Foundation
import HeraldCore
import HeraldStore
import SQLKit

extension StoreContract {
    static func endpoint(_ herald: TestHerald, environmentId: String? = nil, types: [CustomerEventType] = [],
                         enabled: Bool = true, at date: Date) -> WebhookEndpoint {
        WebhookEndpoint(
            id: Identifiers.objectId(), environmentId: environmentId ?? herald.environmentId,
            organizationId: herald.keys.organizationId, url: "http://127.0.0.1:1/hook?token=url-token-\(UUID().uuidString)",
            eventTypes: types, enabled: enabled, description: "contract", secret: .generate(), createdAt: date, updatedAt: date)
    }

    /// Webhook endpoints are per environment and sealed at rest; an event becomes one message per enabled endpoint
    /// that wants it (once per event id); messages are claimed with a lease, saved only by their owner, retried when
    /// due, cancelled when their endpoint is disabled, and removed with it.
    public static func webhookOutbox(_ herald: TestHerald) async throws {
        let endpoints = herald.runtime.webhooks.endpoints
        let outbox = herald.runtime.webhooks.outbox
        let start = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded() / 1000)
        let all = endpoint(herald, at: start)
        let circuits = endpoint(herald, types: [.circuitOpened, .circuitClosed], at: start.addingTimeInterval(0.001))
        let disabled = endpoint(herald, enabled: false, at: start.addingTimeInterval(0.002))
        let other = endpoint(herald, environmentId: herald.otherEnvironmentId, at: start)
        for item in [all, circuits, disabled, other] { try await endpoints.insert(item) }

        try check(try await endpoints.find(id: all.id, environmentId: herald.environmentId) == all, "endpoint round-trip")
        try check(try await endpoints.find(id: all.id, environmentId: herald.otherEnvironmentId) == nil, "isolated")
        try check(try await endpoints.list(environmentId: herald.environmentId).map(\.id) == [disabled.id, circuits.id, all.id],
                  "listed newest first, per environment")
        let stored = try await herald.runtime.driver.read { db in
            try await db.raw("SELECT url, secret FROM webhook_endpoints").all().map {
                (try $0.decode(column: "url", as: String.self), try $0.decode(column: "secret", as: String.self))
            }
        }
        for (url, secret) in stored {
            try check(url.hasPrefix("hv1.") && secret.hasPrefix("hv1."), "URL and secret sealed")
            for item in [all, circuits, disabled, other] {
                try check(!url.contains(item.url) && !secret.contains(item.secret.value), "no plaintext at rest")
            }
        }

        let event = CustomerEvent(
            type: .deliverySent, environmentId: herald.environmentId, occurredAt: start,
            data: .object(["deliveryId": .string("d1")]))
        try check(try await outbox.enqueue(event) == 1, "one message: the enabled endpoint that wants delivery.sent")
        try check(try await outbox.enqueue(event) == 0, "the same event id is not written twice")
        // Messages are due from when they were written.
        let now = Date(timeIntervalSince1970: ((Date().timeIntervalSince1970 + 0.01) * 1000).rounded() / 1000)
        let claimed = try await outbox.claim(owner: "w1", limit: 10, now: now, leaseUntil: now.addingTimeInterval(60))
        try check(claimed.count == 1 && claimed[0].message.endpointId == all.id, "claimed: \(claimed.map(\.message.endpointId))")
        try check(claimed[0].url == all.url && claimed[0].secret == all.secret, "the endpoint's URL and secret come along")
        try check(claimed[0].message.body == Array(event.body.jsonText.utf8), "the body as published")
        try check(claimed[0].message.eventId == event.id, "the event id")
        try check(try await outbox.claim(owner: "w2", limit: 10, now: now, leaseUntil: now.addingTimeInterval(60)).isEmpty,
                  "a leased message is not claimed twice")

        var message = claimed[0].message
        message.attempts = 1
        message.nextAttemptAt = now.addingTimeInterval(5)
        message.updatedAt = now
        let attempt = WebhookAttempt(
            id: Identifiers.objectId(), messageId: message.id, eventId: message.eventId, eventType: message.eventType,
            endpointId: all.id, environmentId: herald.environmentId, attempt: 1, statusCode: 500, error: "HTTP 500: no",
            durationMs: 12, createdAt: now)
        try check(try await !outbox.record(message, attempt: attempt, owner: "w2"), "another owner cannot save")
        try check(try await outbox.record(message, attempt: attempt, owner: "w1"), "the owner saves")
        try check(try await outbox.claim(owner: "w2", limit: 10, now: now.addingTimeInterval(1),
                                         leaseUntil: now.addingTimeInterval(61)).isEmpty, "not due yet")
        let again = try await outbox.claim(owner: "w2", limit: 10, now: now.addingTimeInterval(6), leaseUntil: now.addingTimeInterval(7))
        try check(again.count == 1 && again[0].message.attempts == 1, "due again with its attempt count")
        let expired = try await outbox.claim(owner: "w3", limit: 10, now: now.addingTimeInterval(8), leaseUntil: now.addingTimeInterval(70))
        try check(expired.count == 1, "an expired lease is claimed again")

        let (attempts, total) = try await outbox.attempts(endpointId: all.id, environmentId: herald.environmentId, limit: 10, offset: 0)
        try check(total == 1 && attempts == [attempt], "the attempt log: \(attempts)")
        try check(try await outbox.attempts(endpointId: all.id, environmentId: herald.otherEnvironmentId, limit: 10, offset: 0).total == 0,
                  "attempts are per environment")

        // Disabling cancels what is pending; a circuit event reaches only the endpoint that asked for it.
        _ = try await endpoints.update(id: all.id, environmentId: herald.environmentId) { $0.enabled = false }
        try check(try await outbox.claim(owner: "w4", limit: 10, now: now.addingTimeInterval(200),
                                         leaseUntil: now.addingTimeInterval(300)).isEmpty, "cancelled with its endpoint")
        let circuit = CustomerEvent(type: .circuitOpened, environmentId: herald.environmentId, occurredAt: now, data: .object([:]))
        try check(try await outbox.enqueue(circuit) == 1, "only the circuit endpoint")
        let rotated = WebhookSecret.generate()
        let updated = try await endpoints.update(id: circuits.id, environmentId: herald.environmentId) { $0.secret = rotated }
        try check(updated?.secret == rotated, "secret replaced")
        let sent = try await outbox.claim(owner: "w5", limit: 10, now: now.addingTimeInterval(1), leaseUntil: now.addingTimeInterval(60))
        try check(sent.count == 1 && sent[0].secret == rotated, "signed with the current secret")

        try check(try await endpoints.delete(id: all.id, environmentId: herald.environmentId), "deleted")
        try check(try await !endpoints.delete(id: all.id, environmentId: herald.environmentId), "gone")
        try check(try await outbox.attempts(endpointId: all.id, environmentId: herald.environmentId, limit: 10, offset: 0).total == 0,
                  "its attempt log went with it")
        try check(try await !endpoints.delete(id: other.id, environmentId: herald.environmentId), "not across environments")
    }
}
