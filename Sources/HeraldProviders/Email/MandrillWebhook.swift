import Foundation
import HeraldCore

/// Mandrill's webhooks: a form-encoded POST with one field, `mandrill_events`, holding a JSON array of
/// `{event, _id, ts, msg}`. Signed with `X-Mandrill-Signature` = base64 HMAC-SHA1 under the webhook key
/// (`configurations.inboundWebhookSigningKey`) of the webhook URL followed by every POST field's name and value,
/// sorted by name. Matched by `_id`, the per-recipient id of the send.
struct MandrillWebhook: ProviderWebhookParser {
    let providerIds = ["mandrill"]

    func verify(_ webhook: InboundWebhook, keys: WebhookKeys, now: Date) throws -> WebhookVerification {
        let signature = webhook.header("x-mandrill-signature")
        guard let key = try WebhookSignature.key(present: signature != nil, key: keys.signingKey,
                                                 required: keys.required) else { return .unsigned }
        var signed = webhook.url
        for field in webhook.formFields().sorted(by: { $0.name < $1.name }) { signed += field.name + field.value }
        let expected = WebhookSignature.hmacSHA1(key: Data(key.utf8), Data(signed.utf8)).base64EncodedString()
        guard let signature, WebhookSignature.equal(signature, expected) else { throw WebhookRejection.invalidSignature }
        return .verified
    }

    func parse(_ webhook: InboundWebhook) throws -> WebhookContent {
        let events: JSONValue
        if let field = webhook.formFields().first(where: { $0.name == "mandrill_events" }) {
            events = try InboundWebhook(url: webhook.url, headers: [], body: Array(field.value.utf8)).json()
        } else {
            events = try webhook.json()
        }
        return .events(events.eventItems.compactMap { item in
            guard let event = item.text(at: "event") else { return nil }
            let status: ProviderEventStatus
            switch event {
            case "send": status = .sent
            case "deferral": status = .deferred
            case "hard_bounce": status = .bounced
            case "soft_bounce": status = .deferred
            case "open": status = .opened
            case "click": status = .clicked
            case "spam": status = .spam
            case "unsub": status = .unsubscribed
            case "reject": status = .rejected
            case "delivered": status = .delivered
            default: return nil
            }
            let messageId = item.text(at: "_id")
            let ts = item.text(at: "ts")
            return ProviderEventReport(
                messageId: messageId, status: status, providerStatus: event,
                occurredAt: ProviderEventReport.date(seconds: item.value(atPath: "ts")),
                eventId: [event, messageId, ts].compactMap { $0 }.joined(separator: ":"),
                recipient: item.text(at: "msg.email"),
                detail: item.text(at: "msg.bounce_description") ?? item.text(at: "msg.diag"))
        })
    }
}
