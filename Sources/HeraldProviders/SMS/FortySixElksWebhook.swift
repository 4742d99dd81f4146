import Foundation
import HeraldCore

/// 46elks delivery reports, posted to the send's `whendelivered` URL as a form: `id` (the id the send answered),
/// `status` (`delivered`, `failed`, `sent`) and `delivered` (UTC time, when delivered). 46elks signs nothing: Basic
/// credentials in the URL are checked against `inboundWebhookSigningKey` (`user:password`).
struct FortySixElksWebhook: ProviderWebhookParser {
    let providerIds = ["forty-six-elks"]

    func verify(_ webhook: InboundWebhook, keys: WebhookKeys, now: Date) throws -> WebhookVerification {
        try WebhookAuthorization.verify(webhook, keys: keys)
    }

    func parse(_ webhook: InboundWebhook) throws -> WebhookContent {
        let fields = SMSWebhookSupport.dictionary(SMSWebhookSupport.bodyFields(webhook))
        guard let id = fields["id"], !id.isEmpty, let raw = fields["status"]
        else { throw WebhookRejection.malformed("a 46elks delivery report has id and status") }
        guard let status = Self.statuses[raw.lowercased()] else { return .events([]) }
        return .events([ProviderEventReport(
            messageId: id, status: status, providerStatus: raw, occurredAt: ProviderEventReport.date(iso: fields["delivered"]),
            eventId: "\(id):\(raw.lowercased())")])
    }

    /// 46elks' report statuses.
    static let statuses: [String: ProviderEventStatus] = ["sent": .sent, "delivered": .delivered, "failed": .failed]
}
