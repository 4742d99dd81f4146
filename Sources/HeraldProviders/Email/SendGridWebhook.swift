import Crypto
import Foundation
import HeraldCore

/// SendGrid's Event Webhook: a JSON array of events, signed (Signed Event Webhook) with ECDSA P-256 / SHA-256 over
/// `timestamp + body`; headers `X-Twilio-Email-Event-Webhook-Signature` (base64 DER) and `-Timestamp`; the key is the
/// public key SendGrid shows (base64 DER SubjectPublicKeyInfo) in `configurations.inboundWebhookSigningKey`.
/// Events are matched by the `id` custom arg Herald sends (the delivery id), else by `sg_message_id`, whose part
/// before the first dot is the `X-Message-Id` of the send.
struct SendGridWebhook: ProviderWebhookParser {
    let providerIds = ["sendgrid"]
    /// How far the signed timestamp may be from now.
    static let tolerance: Double = 10 * 60

    func verify(_ webhook: InboundWebhook, keys: WebhookKeys, now: Date) throws -> WebhookVerification {
        let signature = webhook.header("x-twilio-email-event-webhook-signature")
        guard let key = try WebhookSignature.key(present: signature != nil, key: keys.signingKey,
                                                 required: keys.required) else { return .unsigned }
        let timestamp = webhook.header("x-twilio-email-event-webhook-timestamp")
        try WebhookSignature.requireFresh(timestamp, now: now, tolerance: Self.tolerance)
        guard let der = Data(base64Encoded: key.trimmingCharacters(in: .whitespacesAndNewlines)),
              let publicKey = try? P256.Signing.PublicKey(derRepresentation: der)
        else { throw WebhookRejection.noKey }
        guard let signature, let bytes = Data(base64Encoded: signature),
              let parsed = try? P256.Signing.ECDSASignature(derRepresentation: bytes),
              let timestamp,
              publicKey.isValidSignature(parsed, for: Array(timestamp.utf8) + webhook.body)
        else { throw WebhookRejection.invalidSignature }
        return .verified
    }

    func parse(_ webhook: InboundWebhook) throws -> WebhookContent {
        guard case .array(let items) = try webhook.json() else {
            throw WebhookRejection.malformed("SendGrid posts a JSON array of events")
        }
        return .events(items.compactMap { item in
            guard let event = item.text(at: "event"), let status = Self.status(event, type: item.text(at: "type"))
            else { return nil }
            let messageId = item.text(at: "sg_message_id").map { String($0.split(separator: ".").first ?? "") }
            return ProviderEventReport(
                messageId: messageId, deliveryId: item.text(at: "id"), status: status, providerStatus: event,
                occurredAt: ProviderEventReport.date(seconds: item.value(atPath: "timestamp")),
                eventId: item.text(at: "sg_event_id"), recipient: item.text(at: "email"),
                detail: item.text(at: "reason") ?? item.text(at: "response"))
        })
    }

    static func status(_ event: String, type: String?) -> ProviderEventStatus? {
        switch event {
        case "processed": return .accepted
        case "deferred": return .deferred
        case "delivered": return .delivered
        case "open": return .opened
        case "click": return .clicked
        case "bounce": return type == "blocked" ? .blocked : .bounced
        case "dropped": return .dropped
        case "spamreport": return .spam
        case "unsubscribe", "group_unsubscribe": return .unsubscribed
        default: return nil
        }
    }
}
