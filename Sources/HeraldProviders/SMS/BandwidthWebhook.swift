import Foundation
import HeraldCore

/// Bandwidth messaging callbacks: a JSON array of events, each `{type, time, description, to, errorCode,
/// message: {id, tag, …}}` with `type` `message-sending`, `message-delivered` or `message-failed`
/// (`message-received` is inbound and ignored). `message.id` is the id the send answered; `message.tag` is Herald's
/// delivery id. Bandwidth signs nothing: the application's callback credentials arrive as HTTP Basic auth and are
/// checked against `inboundWebhookSigningKey` (`user:password`).
struct BandwidthWebhook: ProviderWebhookParser {
    let providerIds = ["bandwidth"]

    func verify(_ webhook: InboundWebhook, keys: WebhookKeys, now: Date) throws -> WebhookVerification {
        try WebhookAuthorization.verify(webhook, keys: keys)
    }

    func parse(_ webhook: InboundWebhook) throws -> WebhookContent {
        var reports: [ProviderEventReport] = []
        for item in try webhook.json().eventItems {
            guard let type = item.text(at: "type"), let messageId = item.text(at: "message.id"), !messageId.isEmpty
            else { throw WebhookRejection.malformed("a Bandwidth callback has type and message.id") }
            guard let status = Self.statuses[type] else { continue }
            let recipient = item.text(at: "to")
            reports.append(ProviderEventReport(
                messageId: messageId, deliveryId: item.text(at: "message.tag").flatMap { $0.isEmpty ? nil : $0 },
                status: status, providerStatus: type, occurredAt: ProviderEventReport.date(iso: item.text(at: "time")),
                eventId: "\(messageId):\(type):\(recipient ?? "")", recipient: recipient,
                detail: status == .failed
                    ? SMSWebhookSupport.detail(code: item.text(at: "errorCode"), item.text(at: "description")) : nil))
        }
        return .events(reports)
    }

    /// Bandwidth's outbound message event types.
    static let statuses: [String: ProviderEventStatus] = [
        "message-sending": .sending, "message-delivered": .delivered, "message-failed": .failed,
    ]
}
