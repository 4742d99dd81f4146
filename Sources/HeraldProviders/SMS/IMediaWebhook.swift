import Foundation
import HeraldCore

/// iMedia status callbacks, read as Novu reads them: the message id in `referentId` (the id the send answered) or
/// `MessageSid`, the status in `status` or `MessageStatus`, JSON or form. iMedia documents no signature: requests
/// are unsigned unless the callback URL carries Basic credentials (checked against `inboundWebhookSigningKey`).
struct IMediaWebhook: ProviderWebhookParser {
    let providerIds = ["imedia"]

    func verify(_ webhook: InboundWebhook, keys: WebhookKeys, now: Date) throws -> WebhookVerification {
        try WebhookAuthorization.verify(webhook, keys: keys)
    }

    func parse(_ webhook: InboundWebhook) throws -> WebhookContent {
        let fields = SMSWebhookSupport.dictionary(SMSWebhookSupport.bodyFields(webhook))
        guard let id = fields["referentId"] ?? fields["MessageSid"], !id.isEmpty,
              let raw = fields["status"] ?? fields["MessageStatus"]
        else { throw WebhookRejection.malformed("an iMedia status callback has referentId and status") }
        guard let status = Self.statuses[raw.lowercased()] else { return .events([]) }
        return .events([ProviderEventReport(messageId: id, status: status, providerStatus: raw,
                                            eventId: "\(id):\(raw.lowercased())")])
    }

    /// Novu's iMedia table (Novu turns any other value into `sent`; Herald ignores it instead).
    static let statuses: [String: ProviderEventStatus] = [
        "accepted": .queued, "queued": .queued, "sending": .sending, "sent": .sent, "failed": .failed,
        "error": .failed, "delivered": .delivered, "undelivered": .undelivered,
    ]
}
