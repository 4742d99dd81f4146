import Foundation
import HeraldCore

/// RingCentral message notifications: a message record (`id`, the id the send answered, `messageStatus`,
/// `creationTime`, `to`), bare or wrapped in the subscription envelope (`uuid`, `event`, `timestamp`, `body`).
/// RingCentral signs nothing; a subscription may carry a verification token, sent back in `Verification-Token`,
/// which is checked against `inboundWebhookSigningKey`.
struct RingCentralWebhook: ProviderWebhookParser {
    let providerIds = ["ring-central"]

    func verify(_ webhook: InboundWebhook, keys: WebhookKeys, now: Date) throws -> WebhookVerification {
        let token = webhook.header("verification-token")
        guard let key = try WebhookSignature.key(present: token != nil, key: keys.signingKey, required: keys.required),
              let token else { return .unsigned }
        guard WebhookSignature.equal(token.trimmingCharacters(in: .whitespaces), key) else {
            throw WebhookRejection.invalidSignature
        }
        return .verified
    }

    func parse(_ webhook: InboundWebhook) throws -> WebhookContent {
        let json = try webhook.json()
        let record = json.value(atPath: "body").flatMap { $0.objectValue != nil ? $0 : nil } ?? json
        guard let id = record.text(at: "id"), !id.isEmpty, let raw = record.text(at: "messageStatus")
        else { throw WebhookRejection.malformed("a RingCentral message record has id and messageStatus") }
        guard let status = Self.statuses[raw] else { return .events([]) }
        let eventId = json.text(at: "uuid").map { "\($0):\(id)" } ?? "\(id):\(raw)"
        return .events([ProviderEventReport(
            messageId: id, status: status, providerStatus: raw,
            occurredAt: ProviderEventReport.date(iso: record.text(at: "lastModifiedTime") ?? record.text(at: "creationTime")),
            eventId: eventId, recipient: record.text(at: "to.0.phoneNumber"),
            detail: status.effect == .failed ? raw : nil)])
    }

    /// RingCentral's message statuses, as Novu maps them.
    static let statuses: [String: ProviderEventStatus] = [
        "Received": .accepted, "Queued": .queued, "Sent": .sent, "Delivered": .delivered,
        "DeliveryFailed": .failed, "SendingFailed": .failed,
    ]
}
