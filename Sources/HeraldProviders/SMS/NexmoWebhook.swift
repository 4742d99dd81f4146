import Crypto
import Foundation
import HeraldCore

/// Vonage (Nexmo) SMS API delivery receipts, sent to the account's webhook as a GET query, a form POST or a JSON
/// POST: `messageId` (the `message-id` the send answered), `status` (delivered, expired, failed, rejected,
/// accepted, buffered, unknown), `err-code`, `msisdn`, `client-ref` (Herald's delivery id), `message-timestamp`.
/// Signed webhooks add `timestamp`, `nonce` and `sig`: every other parameter, sorted by name, as `&name=value` with
/// `&` and `=` in values replaced by `_`, then either MD5 of that text followed by the signature secret (`md5hash`,
/// Vonage's default) or an HMAC (MD5, SHA-1, SHA-256 or SHA-512) keyed with the secret, in hex of either case. The
/// secret is `inboundWebhookSigningKey`; as the method is an account setting, any of the five is accepted. Signed
/// timestamps more than five minutes off are refused.
struct NexmoWebhook: ProviderWebhookParser {
    let providerIds = ["nexmo"]
    static let tolerance: Double = 5 * 60

    func verify(_ webhook: InboundWebhook, keys: WebhookKeys, now: Date) throws -> WebhookVerification {
        let params = Self.params(webhook)
        let signature = params.last(where: { $0.name == "sig" })?.value
        guard let secret = try WebhookSignature.key(present: signature != nil, key: keys.signingKey,
                                                    required: keys.required),
              let signature else { return .unsigned }
        let fields = SMSWebhookSupport.dictionary(params)
        try WebhookSignature.requireFresh(fields["timestamp"], now: now, tolerance: Self.tolerance)
        let presented = signature.trimmingCharacters(in: .whitespaces).lowercased()
        for candidate in Self.signatures(fields, secret: secret) where WebhookSignature.equal(candidate, presented) {
            return .verified
        }
        throw WebhookRejection.invalidSignature
    }

    /// The text Vonage signs: the parameters other than `sig`, sorted, as `&name=value`.
    static func signedText(_ fields: [String: String]) -> String {
        fields.keys.filter { $0 != "sig" }.sorted().map { name in
            let value = fields[name, default: ""].replacingOccurrences(of: "&", with: "_")
                .replacingOccurrences(of: "=", with: "_")
            return "&\(name)=\(value)"
        }.joined()
    }

    /// The lowercase hex signature under each of Vonage's methods: md5hash, then HMAC-MD5, -SHA1, -SHA256, -SHA512.
    static func signatures(_ fields: [String: String], secret: String) -> [String] {
        let text = Array(signedText(fields).utf8)
        let key = SymmetricKey(data: Array(secret.utf8))
        return [
            WebhookSignature.hex(Array(Insecure.MD5.hash(data: text + Array(secret.utf8)))),
            WebhookSignature.hex(Array(HMAC<Insecure.MD5>.authenticationCode(for: text, using: key))),
            WebhookSignature.hex(Array(HMAC<Insecure.SHA1>.authenticationCode(for: text, using: key))),
            WebhookSignature.hex(Array(HMAC<SHA256>.authenticationCode(for: text, using: key))),
            WebhookSignature.hex(Array(HMAC<SHA512>.authenticationCode(for: text, using: key))),
        ]
    }

    /// The receipt's parameters: the query string, then the form or JSON body.
    static func params(_ webhook: InboundWebhook) -> [(name: String, value: String)] {
        SMSWebhookSupport.queryFields(webhook.url) + SMSWebhookSupport.bodyFields(webhook)
    }

    func parse(_ webhook: InboundWebhook) throws -> WebhookContent {
        let fields = SMSWebhookSupport.dictionary(Self.params(webhook))
        guard let messageId = fields["messageId"], !messageId.isEmpty, let raw = fields["status"]
        else { throw WebhookRejection.malformed("a Vonage delivery receipt has messageId and status") }
        guard let status = Self.statuses[raw.lowercased()] else { return .events([]) }
        return .events([ProviderEventReport(
            messageId: messageId, deliveryId: fields["client-ref"].flatMap { $0.isEmpty ? nil : $0 },
            status: status, providerStatus: raw,
            occurredAt: ProviderEventReport.date(iso: fields["message-timestamp"]),
            eventId: "\(messageId):\(raw.lowercased()):\(fields["err-code"] ?? "")",
            recipient: fields["msisdn"], detail: SMSWebhookSupport.detail(code: fields["err-code"]))])
    }

    /// Vonage's DLR statuses; `unknown` says nothing and is ignored.
    static let statuses: [String: ProviderEventStatus] = [
        "accepted": .accepted, "buffered": .queued, "delivered": .delivered, "expired": .undelivered,
        "failed": .failed, "rejected": .rejected,
    ]
}
