import Foundation
import HeraldCore

/// Sinch SMS delivery report callbacks: per recipient `{"type": "recipient_delivery_report_sms", "batch_id",
/// "recipient", "status", "code", "at", "client_reference"}`, or per batch `{"type": "delivery_report_sms",
/// "batch_id", "statuses": [{"code", "status", "count", "recipients"?}]}`. `batch_id` is the id the send answered
/// and `client_reference` Herald's delivery id. Sinch signs nothing; callbacks can be given Basic credentials,
/// checked against `inboundWebhookSigningKey` (`user:password`).
struct SinchWebhook: ProviderWebhookParser {
    let providerIds = ["sinch"]

    func verify(_ webhook: InboundWebhook, keys: WebhookKeys, now: Date) throws -> WebhookVerification {
        try WebhookAuthorization.verify(webhook, keys: keys)
    }

    func parse(_ webhook: InboundWebhook) throws -> WebhookContent {
        var reports: [ProviderEventReport] = []
        for item in try webhook.json().eventItems {
            guard let batch = item.text(at: "batch_id"), !batch.isEmpty, let type = item.text(at: "type")
            else { throw WebhookRejection.malformed("a Sinch delivery report has type and batch_id") }
            let deliveryId = item.text(at: "client_reference").flatMap { $0.isEmpty ? nil : $0 }
            let entries: [JSONValue]
            switch type {
            case "recipient_delivery_report_sms", "recipient_delivery_report_mms": entries = [item]
            case "delivery_report_sms", "delivery_report_mms": entries = item.value(atPath: "statuses")?.arrayValue ?? []
            default: continue
            }
            for entry in entries {
                guard let raw = entry.text(at: "status"), let status = Self.statuses[raw.lowercased()] else { continue }
                let code = entry.text(at: "code")
                let recipient = entry.text(at: "recipient") ?? entry.text(at: "recipients.0")
                reports.append(ProviderEventReport(
                    messageId: batch, deliveryId: deliveryId, status: status, providerStatus: raw,
                    occurredAt: ProviderEventReport.date(iso: item.text(at: "at")),
                    eventId: "\(batch):\(recipient ?? ""):\(raw.lowercased()):\(code ?? "")", recipient: recipient,
                    detail: status.effect == .failed ? SMSWebhookSupport.detail(code: code, raw) : nil))
            }
        }
        return .events(reports)
    }

    /// Sinch's delivery statuses; `Unknown` is ignored.
    static let statuses: [String: ProviderEventStatus] = [
        "queued": .queued, "dispatched": .sent, "aborted": .dropped, "cancelled": .dropped, "rejected": .rejected,
        "deleted": .undelivered, "delivered": .delivered, "failed": .failed, "expired": .undelivered,
    ]
}
