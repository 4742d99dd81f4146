import Foundation
import HeraldCore

/// Brevo's transactional email webhooks (one event or an array). Brevo does not sign them; Basic auth or a bearer
/// token on the webhook is checked against `configurations.inboundWebhookSigningKey` (`user:password`, or the token).
/// Matched by `message-id`, the `messageId` of the send (angle brackets dropped on both sides).
struct BrevoWebhook: ProviderWebhookParser {
    let providerIds = ["sendinblue"]

    func verify(_ webhook: InboundWebhook, keys: WebhookKeys, now: Date) throws -> WebhookVerification {
        try WebhookAuthorization.verify(webhook, keys: keys)
    }

    func parse(_ webhook: InboundWebhook) throws -> WebhookContent {
        .events(try webhook.json().eventItems.compactMap { item in
            guard let event = item.text(at: "event") else { return nil }
            let status: ProviderEventStatus
            switch event {
            case "request", "sent": status = .sent
            case "delivered": status = .delivered
            case "opened", "unique_opened", "uniqueOpened", "proxy_open", "unique_proxy_open": status = .opened
            case "click": status = .clicked
            case "hard_bounce", "hardBounce": status = .bounced
            case "soft_bounce", "softBounce", "deferred": status = .deferred
            case "blocked": status = .blocked
            case "spam", "complaint": status = .spam
            case "unsubscribed": status = .unsubscribed
            case "invalid_email", "invalid", "error": status = .dropped
            default: return nil
            }
            let messageId = item.text(at: "message-id")
            let at = item.text(at: "ts_event") ?? item.text(at: "ts")
            return ProviderEventReport(
                messageId: messageId, status: status, providerStatus: event,
                occurredAt: ProviderEventReport.date(seconds: item.value(atPath: "ts_epoch")).map {
                    Date(timeIntervalSince1970: $0.timeIntervalSince1970 / 1000)
                } ?? ProviderEventReport.date(seconds: item.value(atPath: "ts_event")),
                eventId: [event, messageId, at].compactMap { $0 }.joined(separator: ":"),
                recipient: item.text(at: "email"), detail: item.text(at: "reason"))
        })
    }
}
