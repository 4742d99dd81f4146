import Foundation
import HeraldCore

/// Mailgun's webhooks: `{"signature": {timestamp, token, signature}, "event-data": {…}}`, where the signature is the
/// hex HMAC-SHA256 of `timestamp + token` under the account's HTTP webhook signing key
/// (`configurations.inboundWebhookSigningKey`). Events are matched by the message's `Message-Id` header, which is
/// the `id` Mailgun answered at send time (without angle brackets).
struct MailgunWebhook: ProviderWebhookParser {
    let providerIds = ["mailgun"]
    static let tolerance: Double = 15 * 60

    func verify(_ webhook: InboundWebhook, keys: WebhookKeys, now: Date) throws -> WebhookVerification {
        let body = try webhook.json()
        let signature = body.text(at: "signature.signature")
        guard let key = try WebhookSignature.key(present: signature != nil, key: keys.signingKey,
                                                 required: keys.required) else { return .unsigned }
        let timestamp = body.text(at: "signature.timestamp")
        try WebhookSignature.requireFresh(timestamp, now: now, tolerance: Self.tolerance)
        guard let timestamp, let token = body.text(at: "signature.token"), let signature else {
            throw WebhookRejection.invalidSignature
        }
        let expected = WebhookSignature.hex(WebhookSignature.hmacSHA256(key: Data(key.utf8), Data((timestamp + token).utf8)))
        guard WebhookSignature.equal(expected, signature.lowercased()) else { throw WebhookRejection.invalidSignature }
        // The signature covers the timestamp and token, not the event: a token is good once (as Mailgun advises).
        guard WebhookSignature.seen.firstUse(token, provider: "mailgun", now: now, window: 2 * Self.tolerance) else {
            throw WebhookRejection.stale
        }
        return .verified
    }

    func parse(_ webhook: InboundWebhook) throws -> WebhookContent {
        let body = try webhook.json()
        guard let data = body.value(atPath: "event-data"), let event = data.text(at: "event") else {
            throw WebhookRejection.malformed("Mailgun webhooks carry event-data.event")
        }
        let severity = data.text(at: "severity")
        let status: ProviderEventStatus?
        switch event {
        case "accepted": status = .accepted
        case "delivered": status = .delivered
        case "opened": status = .opened
        case "clicked": status = .clicked
        case "unsubscribed": status = .unsubscribed
        case "complained": status = .complaint
        case "rejected": status = .rejected
        case "failed", "permanent_fail", "temporary_fail":
            status = (severity == "temporary" || event == "temporary_fail") ? .deferred : .bounced
        default: status = nil
        }
        guard let status else { return .events([]) }
        let detail = data.text(at: "delivery-status.description").flatMap { $0.isEmpty ? nil : $0 }
            ?? data.text(at: "delivery-status.message") ?? data.text(at: "reason")
        return .events([ProviderEventReport(
            messageId: data.text(at: "message.headers.message-id"), status: status, providerStatus: event,
            occurredAt: ProviderEventReport.date(seconds: data.value(atPath: "timestamp")),
            eventId: data.text(at: "id"), recipient: data.text(at: "recipient"), detail: detail)])
    }
}
