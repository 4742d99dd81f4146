import Foundation
import HeraldCore

/// Mailjet's event webhooks (one event or, grouped, an array). Mailjet does not sign them; it recommends Basic auth
/// in the URL, checked against `configurations.inboundWebhookSigningKey` (`user:password`). Matched by `MessageID`,
/// the per-recipient id of the v3.1 send.
struct MailjetWebhook: ProviderWebhookParser {
    let providerIds = ["mailjet"]

    func verify(_ webhook: InboundWebhook, keys: WebhookKeys, now: Date) throws -> WebhookVerification {
        try WebhookAuthorization.verify(webhook, keys: keys)
    }

    func parse(_ webhook: InboundWebhook) throws -> WebhookContent {
        let items = try webhook.json().eventItems
        // MessageIDs are numbers above 2^53: read their digits from the text, not from a Double.
        let digits = Self.messageIds(webhook.text)
        return .events(items.indices.compactMap { index in
            let item = items[index]
            guard let event = item.text(at: "event") else { return nil }
            let status: ProviderEventStatus
            switch event {
            case "sent": status = .delivered
            case "open": status = .opened
            case "click": status = .clicked
            case "bounce": status = item.value(atPath: "hard_bounce")?.boolValue == false ? .deferred : .bounced
            case "blocked": status = .blocked
            case "spam": status = .spam
            case "unsub": status = .unsubscribed
            default: return nil
            }
            let messageId = digits.count == items.count ? digits[index] : item.text(at: "MessageID")
            let time = item.text(at: "time")
            return ProviderEventReport(
                messageId: messageId, status: status, providerStatus: event,
                occurredAt: ProviderEventReport.date(seconds: item.value(atPath: "time")),
                eventId: [event, messageId, time].compactMap { $0 }.joined(separator: ":"),
                recipient: item.text(at: "email"),
                detail: [item.text(at: "error_related_to"), item.text(at: "error")].compactMap { $0 }
                    .filter { !$0.isEmpty }.joined(separator: ": "))
        })
    }

    /// Every `"MessageID": 123…` in the body, in order, as written.
    static func messageIds(_ text: String) -> [String] {
        guard let pattern = try? NSRegularExpression(pattern: #""MessageID"\s*:\s*"?(\d+)"#) else { return [] }
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}
