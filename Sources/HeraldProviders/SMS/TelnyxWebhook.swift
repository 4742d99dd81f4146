import Crypto
import Foundation
import HeraldCore

/// Telnyx messaging webhooks (API v2): JSON `{"data": {"event_type", "id", "occurred_at", "payload": {…}}}` where
/// `data.id` is the event and `data.payload.id` the message (the id the send answered); `message.sent` and
/// `message.finalized` carry the recipient's status in `payload.to[0].status`, `message.received` (inbound) is
/// ignored. `telnyx-signature-ed25519` is the base64 Ed25519 signature of `{telnyx-timestamp}|{raw body}`, checked
/// with the account's public key (base64, from the portal) in `inboundWebhookSigningKey`; timestamps more than five
/// minutes off are refused.
struct TelnyxWebhook: ProviderWebhookParser {
    let providerIds = ["telnyx"]
    static let tolerance: Double = 5 * 60

    func verify(_ webhook: InboundWebhook, keys: WebhookKeys, now: Date) throws -> WebhookVerification {
        let signature = webhook.header("telnyx-signature-ed25519")
        guard let key = try WebhookSignature.key(present: signature != nil, key: keys.signingKey,
                                                 required: keys.required),
              let signature else { return .unsigned }
        guard let keyBytes = Data(base64Encoded: key.trimmingCharacters(in: .whitespacesAndNewlines)),
              let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: keyBytes)
        else { throw WebhookRejection.noKey }
        let timestamp = webhook.header("telnyx-timestamp")
        try WebhookSignature.requireFresh(timestamp, now: now, tolerance: Self.tolerance)
        guard let signatureBytes = Data(base64Encoded: signature.trimmingCharacters(in: .whitespaces)),
              let timestamp else { throw WebhookRejection.invalidSignature }
        let signed = Array("\(timestamp.trimmingCharacters(in: .whitespaces))|".utf8) + webhook.body
        guard publicKey.isValidSignature(signatureBytes, for: signed) else { throw WebhookRejection.invalidSignature }
        return .verified
    }

    func parse(_ webhook: InboundWebhook) throws -> WebhookContent {
        let json = try webhook.json()
        guard let data = json.value(atPath: "data"), let eventType = data.text(at: "event_type")
        else { throw WebhookRejection.malformed("a Telnyx webhook has data.event_type") }
        guard eventType == "message.sent" || eventType == "message.finalized" else { return .events([]) }
        guard let messageId = data.text(at: "payload.id"), !messageId.isEmpty
        else { throw WebhookRejection.malformed("a Telnyx message event has data.payload.id") }
        let recipients = data.value(atDottedPath: "payload.to")?.arrayValue ?? []
        let errors = data.value(atDottedPath: "payload.errors")?.arrayValue ?? []
        let detail = errors.first.flatMap {
            SMSWebhookSupport.detail(code: $0.text(at: "code"), $0.text(at: "detail") ?? $0.text(at: "title"))
        }
        let eventId = data.text(at: "id")
        let reports: [ProviderEventReport] = recipients.enumerated().compactMap { index, recipient in
            guard let raw = recipient.text(at: "status"), let status = Self.statuses[raw] else { return nil }
            return ProviderEventReport(
                messageId: messageId, status: status, providerStatus: raw,
                occurredAt: ProviderEventReport.date(iso: data.text(at: "occurred_at")),
                eventId: eventId.map { recipients.count > 1 ? "\($0):\(index)" : $0 },
                recipient: recipient.text(at: "phone_number"), detail: detail)
        }
        return .events(reports)
    }

    /// Telnyx's per-recipient statuses.
    static let statuses: [String: ProviderEventStatus] = [
        "queued": .queued, "sending": .sending, "sent": .sent, "delivered": .delivered,
        "sending_failed": .failed, "delivery_failed": .failed, "delivery_unconfirmed": .undelivered,
        "expired": .undelivered,
    ]
}
