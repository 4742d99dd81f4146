import Foundation
import HeraldCore

/// Postmark's webhooks. Postmark does not sign them; it documents Basic auth credentials in the webhook URL, which
/// Herald checks against `configurations.inboundWebhookSigningKey` (`user:password`). One record per POST
/// (`RecordType`), matched by `MessageID`, the id of the send.
struct PostmarkWebhook: ProviderWebhookParser {
    let providerIds = ["postmark"]

    func verify(_ webhook: InboundWebhook, keys: WebhookKeys, now: Date) throws -> WebhookVerification {
        try WebhookAuthorization.verify(webhook, keys: keys)
    }

    func parse(_ webhook: InboundWebhook) throws -> WebhookContent {
        .events(try webhook.json().eventItems.compactMap { item in
            guard let type = item.text(at: "RecordType") else { return nil }
            let status: ProviderEventStatus
            switch type {
            case "Delivery": status = .delivered
            case "Open": status = .opened
            case "Click": status = .clicked
            case "SpamComplaint": status = .spam
            case "SubscriptionChange": status = .unsubscribed
            case "Bounce":
                switch item.text(at: "Type") {
                case "SoftBounce", "Transient", "DnsError", "AutoResponder", "Unknown", "OpenRelayTest": status = .deferred
                case "Blocked": status = .blocked
                default: status = .bounced
                }
            default: return nil
            }
            let at = item.text(at: "DeliveredAt") ?? item.text(at: "BouncedAt") ?? item.text(at: "ReceivedAt")
                ?? item.text(at: "ChangedAt")
            let messageId = item.text(at: "MessageID")
            return ProviderEventReport(
                messageId: messageId, status: status, providerStatus: type, occurredAt: ProviderEventReport.date(iso: at),
                eventId: [type, item.text(at: "ID"), messageId, at].compactMap { $0 }.joined(separator: ":"),
                recipient: item.text(at: "Recipient") ?? item.text(at: "Email"),
                detail: item.text(at: "Description") ?? item.text(at: "Details"))
        })
    }
}
