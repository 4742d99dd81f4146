import Foundation
import HeraldCore

/// Resend's webhooks, signed through Svix (`svix-id`, `svix-timestamp`, `svix-signature`; the `whsec_…` signing
/// secret in `configurations.inboundWebhookSigningKey`). Body `{type: "email.delivered", created_at, data: {email_id,
/// to, bounce?}}`; matched by `data.email_id`, the `id` of the send.
struct ResendWebhook: ProviderWebhookParser {
    let providerIds = ["resend"]

    func verify(_ webhook: InboundWebhook, keys: WebhookKeys, now: Date) throws -> WebhookVerification {
        try SvixSignature.verify(webhook, keys: keys, now: now)
    }

    func parse(_ webhook: InboundWebhook) throws -> WebhookContent {
        let body = try webhook.json()
        guard let type = body.text(at: "type") else { throw WebhookRejection.malformed("Resend webhooks carry a type") }
        let status: ProviderEventStatus?
        switch type {
        case "email.sent": status = .sent
        case "email.delivered": status = .delivered
        case "email.delivery_delayed": status = .delayed
        case "email.bounced": status = .bounced
        case "email.complained": status = .complaint
        case "email.opened": status = .opened
        case "email.clicked": status = .clicked
        case "email.failed": status = .failed
        default: status = nil
        }
        guard let status else { return .events([]) }
        let recipient = body.value(atDottedPath: "data.to")?.arrayValue?.first?.stringValue ?? body.text(at: "data.to")
        return .events([ProviderEventReport(
            messageId: body.text(at: "data.email_id"), status: status, providerStatus: type,
            occurredAt: ProviderEventReport.date(iso: body.text(at: "created_at")),
            eventId: webhook.header("svix-id") ?? webhook.header("webhook-id"), recipient: recipient,
            detail: body.text(at: "data.bounce.message") ?? body.text(at: "data.failed.reason"))])
    }
}
