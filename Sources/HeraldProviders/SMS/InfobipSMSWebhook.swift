import Foundation
import HeraldCore

/// Infobip SMS delivery reports, posted to the send's `notifyUrl`: `{"results": [{"bulkId", "messageId", "to",
/// "sentAt", "doneAt", "status": {"groupName", "name", "description"}, "error": {"name", "description"},
/// "callbackData"}]}`. `messageId` is the id the send answered; the status group (PENDING, UNDELIVERABLE,
/// DELIVERED, EXPIRED, REJECTED) gives the outcome. Infobip documents no signature: Basic credentials in the URL are
/// checked against `inboundWebhookSigningKey` (`user:password`).
struct InfobipSMSWebhook: ProviderWebhookParser {
    let providerIds = ["infobip-sms"]

    func verify(_ webhook: InboundWebhook, keys: WebhookKeys, now: Date) throws -> WebhookVerification {
        try WebhookAuthorization.verify(webhook, keys: keys)
    }

    func parse(_ webhook: InboundWebhook) throws -> WebhookContent {
        guard let results = try webhook.json().value(atPath: "results")?.arrayValue
        else { throw WebhookRejection.malformed("an Infobip delivery report has results") }
        var reports: [ProviderEventReport] = []
        for item in results {
            guard let messageId = item.text(at: "messageId"), !messageId.isEmpty,
                  let group = item.text(at: "status.groupName")
            else { throw WebhookRejection.malformed("an Infobip delivery report has messageId and status.groupName") }
            guard let status = Self.statuses[group.uppercased()] else { continue }
            let name = item.text(at: "status.name") ?? group
            let errorName = item.text(at: "error.name")
            reports.append(ProviderEventReport(
                messageId: messageId, status: status, providerStatus: name,
                occurredAt: ProviderEventReport.date(iso: item.text(at: "doneAt")),
                eventId: "\(messageId):\(name)", recipient: item.text(at: "to"),
                detail: status.effect == .failed
                    ? SMSWebhookSupport.detail(code: errorName == "NO_ERROR" ? nil : errorName,
                                               item.text(at: "status.description")) : nil))
        }
        return .events(reports)
    }

    /// Infobip's status groups.
    static let statuses: [String: ProviderEventStatus] = [
        "PENDING": .sent, "DELIVERED": .delivered, "UNDELIVERABLE": .undelivered, "EXPIRED": .undelivered,
        "REJECTED": .rejected,
    ]
}
