import Foundation
import HeraldCore

/// Plivo's message status callback: a form POST to the `url` given at send time with `MessageUUID`, `Status`, `To`,
/// `ErrorCode`, …. Keyed with the auth token (`credentials.token`; `inboundWebhookSigningKey` overrides it), two
/// signatures exist:
/// - V3 (`X-Plivo-Signature-V3`, `-V3-Nonce`): base64 HMAC-SHA256 of `scheme://host/path`, then `?` and the sorted
///   query `k=v` pairs (with a `.` before the body parameters when there are both), then every body parameter as key
///   and value sorted by key, then `.` and the nonce; the header may list several, comma-separated.
/// - V2 (`X-Plivo-Signature-V2` or `X-Plivo-Signature-Ma-V2`, `-V2-Nonce`): base64 HMAC-SHA256 of the URL without
///   its query, followed by the nonce. It covers neither the body nor a time.
/// Neither carries a timestamp, so there is no replay window to enforce.
struct PlivoWebhook: ProviderWebhookParser {
    let providerIds = ["plivo"]

    func verify(_ webhook: InboundWebhook, keys: WebhookKeys, now: Date) throws -> WebhookVerification {
        let v3 = webhook.header("x-plivo-signature-v3")
        let v2 = [webhook.header("x-plivo-signature-v2"), webhook.header("x-plivo-signature-ma-v2")].compactMap { $0 }
        guard let key = try WebhookSignature.key(present: v3 != nil || !v2.isEmpty,
                                                 key: keys.key(orCredential: "token"),
                                                 required: keys.required) else { return .unsigned }
        if let v3 {
            guard let nonce = webhook.header("x-plivo-signature-v3-nonce") else { throw WebhookRejection.invalidSignature }
            let expected = Self.signatureV3(url: webhook.url, params: SMSWebhookSupport.bodyFields(webhook),
                                            nonce: nonce, key: key)
            for candidate in v3.split(separator: ",") where
                WebhookSignature.equal(candidate.trimmingCharacters(in: .whitespaces), expected) { return .verified }
            throw WebhookRejection.invalidSignature
        }
        guard let nonce = webhook.header("x-plivo-signature-v2-nonce") else { throw WebhookRejection.invalidSignature }
        let expected = Self.signatureV2(url: webhook.url, nonce: nonce, key: key)
        for candidate in v2 where WebhookSignature.equal(candidate.trimmingCharacters(in: .whitespaces), expected) {
            // V2 signs neither the body nor a time: a nonce is good once, so a captured signature cannot carry
            // another body.
            guard WebhookSignature.seen.firstUse(nonce, provider: "plivo", now: now, window: 24 * 3600) else {
                throw WebhookRejection.stale
            }
            return .verified
        }
        throw WebhookRejection.invalidSignature
    }

    /// The V2 signature: HMAC-SHA256 of the URL without its query, then the nonce.
    static func signatureV2(url: String, nonce: String, key: String) -> String {
        WebhookSignature.hmacSHA256(key: Array(key.utf8), Array((SMSWebhookSupport.withoutQuery(url) + nonce).utf8))
            .base64EncodedString()
    }

    /// The V3 signature of a POST, built as Plivo's SDKs build it.
    static func signatureV3(url: String, params: [(name: String, value: String)], nonce: String, key: String) -> String {
        var query: [String: [String]] = [:]
        for (name, value) in SMSWebhookSupport.queryFields(url) { query[name, default: []].append(value) }
        let queryText = query.keys.sorted().map { name in
            query[name, default: []].sorted().map { "\(name)=\($0)" }.joined(separator: "&")
        }.joined(separator: "&")
        var text = SMSWebhookSupport.withoutQuery(url)
        if !queryText.isEmpty || !params.isEmpty { text += "?" + queryText }
        if !queryText.isEmpty && !params.isEmpty { text += "." }
        var body: [String: [String]] = [:]
        for (name, value) in params { body[name, default: []].append(value) }
        for name in body.keys.sorted() {
            for value in body[name, default: []].sorted() { text += name + value }
        }
        text += "." + nonce
        return WebhookSignature.hmacSHA256(key: Array(key.utf8), Array(text.utf8)).base64EncodedString()
    }

    func parse(_ webhook: InboundWebhook) throws -> WebhookContent {
        let fields = SMSWebhookSupport.dictionary(SMSWebhookSupport.bodyFields(webhook))
        guard let uuid = fields["MessageUUID"] ?? fields["MessageUuid"], !uuid.isEmpty, let raw = fields["Status"]
        else { throw WebhookRejection.malformed("a Plivo status callback has MessageUUID and Status") }
        guard let status = Self.statuses[raw.lowercased()] else { return .events([]) }
        return .events([ProviderEventReport(
            messageId: uuid, status: status, providerStatus: raw, eventId: "\(uuid):\(raw.lowercased())",
            recipient: fields["To"], detail: SMSWebhookSupport.detail(code: fields["ErrorCode"]))])
    }

    /// Plivo's message states (`read` is a WhatsApp read receipt); others are ignored.
    static let statuses: [String: ProviderEventStatus] = [
        "queued": .queued, "sent": .sent, "delivered": .delivered, "undelivered": .undelivered, "failed": .failed,
        "rejected": .rejected, "read": .opened,
    ]
}
