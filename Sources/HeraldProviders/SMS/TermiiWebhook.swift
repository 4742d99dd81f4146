import Foundation
import HeraldCore

/// Termii's delivery reports ("Events and Reports"): JSON with `type`, `id`, `message_id` (the id the send
/// answered), `receiver`, `status` (`Delivered`, `Message Sent`, `Message Failed`, `DND Active on Phone Number`,
/// `Rejected`, …; older accounts `DELIVERED | Message delivered to handset`), `sent_at`. `X-Termii-Signature` is the
/// HMAC-SHA512 of the raw body keyed with the account's secret key (`inboundWebhookSigningKey`), in hex (base64 is
/// accepted too, as the encoding is not documented). Termii signs no timestamp.
struct TermiiWebhook: ProviderWebhookParser {
    let providerIds = ["termii"]

    func verify(_ webhook: InboundWebhook, keys: WebhookKeys, now: Date) throws -> WebhookVerification {
        let signature = webhook.header("x-termii-signature")
        guard let key = try WebhookSignature.key(present: signature != nil, key: keys.signingKey,
                                                 required: keys.required),
              let signature else { return .unsigned }
        let mac = WebhookSignature.hmacSHA512(key: Array(key.utf8), webhook.body)
        let presented = signature.trimmingCharacters(in: .whitespaces)
        if WebhookSignature.equal(presented.lowercased(), WebhookSignature.hex(mac))
            || WebhookSignature.equal(presented, mac.base64EncodedString()) { return .verified }
        throw WebhookRejection.invalidSignature
    }

    func parse(_ webhook: InboundWebhook) throws -> WebhookContent {
        let reports = try webhook.json().eventItems.compactMap { item -> ProviderEventReport? in
            guard let messageId = item.text(at: "message_id"), !messageId.isEmpty, let raw = item.text(at: "status")
            else { return nil }
            guard let status = Self.status(raw) else { return nil }
            return ProviderEventReport(
                messageId: messageId, status: status, providerStatus: raw,
                occurredAt: ProviderEventReport.date(iso: item.text(at: "sent_at")),
                eventId: "\(messageId):\(raw.lowercased())", recipient: item.text(at: "receiver"),
                detail: status.effect == .failed ? raw : nil)
        }
        if reports.isEmpty, case .object(let object) = try webhook.json(), object["message_id"] == nil {
            throw WebhookRejection.malformed("a Termii delivery report has message_id and status")
        }
        return .events(reports)
    }

    /// Termii's status text, compared without case (Novu's case-sensitive table missed `Message Sent`).
    static func status(_ raw: String) -> ProviderEventStatus? {
        let text = raw.lowercased().split(separator: "|").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        switch text {
        case "delivered": return .delivered
        case "message sent", "sent": return .sent
        case "message failed", "failed": return .failed
        case "rejected": return .rejected
        case "expired": return .undelivered
        case "dnd active on phone number": return .blocked
        default: return nil
        }
    }
}
