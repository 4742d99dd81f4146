import Crypto
import Foundation
import HeraldCore

/// Twilio's message status callback: a form POST to the `StatusCallback` URL with `MessageSid`, `MessageStatus`,
/// `To`, `ErrorCode`, …. `X-Twilio-Signature` is the base64 HMAC-SHA1, keyed with the account's auth token
/// (`credentials.token`; `inboundWebhookSigningKey` overrides it), of the full URL Twilio called followed by every
/// POST parameter as name then value, names sorted. Twilio may sign the URL with or without the default port, so
/// both are tried, as its libraries do. A JSON body is signed through a `bodySHA256` query parameter instead; with
/// `X-Twilio-Webhooks-Signature-Settings: …,algorithm=HMAC_SHA256` the HMAC is SHA-256. Twilio signs no timestamp.
struct TwilioWebhook: ProviderWebhookParser {
    let providerIds = ["twilio"]

    func verify(_ webhook: InboundWebhook, keys: WebhookKeys, now: Date) throws -> WebhookVerification {
        let signature = webhook.header("x-twilio-signature")
        guard let key = try WebhookSignature.key(present: signature != nil,
                                                 key: keys.key(orCredential: "token"),
                                                 required: keys.required),
              let signature else { return .unsigned }
        let sha256 = Self.algorithm(webhook.header("x-twilio-webhooks-signature-settings")) == "HMAC_SHA256"
        var params: [(name: String, value: String)] = []
        if let bodyHash = SMSWebhookSupport.queryFields(webhook.url).first(where: { $0.name == "bodySHA256" })?.value {
            let actual = WebhookSignature.hex(Array(SHA256.hash(data: webhook.body)))
            guard WebhookSignature.equal(actual, bodyHash.lowercased()) else { throw WebhookRejection.invalidSignature }
        } else if webhook.isForm {
            params = webhook.formFields()
        } else if !webhook.body.isEmpty {
            // Without a form body or a bodySHA256 the signature would cover only the URL, not what is read.
            throw WebhookRejection.invalidSignature
        }
        for url in SMSWebhookSupport.portVariants(webhook.url) {
            let expected = Self.signature(url: url, params: params, key: key, sha256: sha256)
            if WebhookSignature.equal(expected, signature.trimmingCharacters(in: .whitespaces)) { return .verified }
        }
        throw WebhookRejection.invalidSignature
    }

    /// The signature Twilio computes: the URL, then each parameter name (sorted) with each of its distinct values
    /// (sorted), HMAC'd and base64-encoded.
    static func signature(url: String, params: [(name: String, value: String)], key: String, sha256: Bool = false) -> String {
        var values: [String: Set<String>] = [:]
        for (name, value) in params { values[name, default: []].insert(value) }
        var text = url
        for name in values.keys.sorted() {
            for value in values[name, default: []].sorted() { text += name + value }
        }
        let mac = sha256 ? WebhookSignature.hmacSHA256(key: Array(key.utf8), Array(text.utf8))
            : WebhookSignature.hmacSHA1(key: Array(key.utf8), Array(text.utf8))
        return mac.base64EncodedString()
    }

    /// The `algorithm=` of the signature settings header, HMAC_SHA1 when absent.
    static func algorithm(_ settings: String?) -> String {
        for part in (settings ?? "").split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces) == "algorithm" {
                return pair[1].trimmingCharacters(in: .whitespaces).uppercased()
            }
        }
        return "HMAC_SHA1"
    }

    func parse(_ webhook: InboundWebhook) throws -> WebhookContent {
        let fields = SMSWebhookSupport.dictionary(SMSWebhookSupport.bodyFields(webhook))
        guard let sid = fields["MessageSid"] ?? fields["SmsSid"], !sid.isEmpty,
              let raw = fields["MessageStatus"] ?? fields["SmsStatus"]
        else { throw WebhookRejection.malformed("a Twilio status callback has MessageSid and MessageStatus") }
        guard let status = Self.statuses[raw.lowercased()] else { return .events([]) }
        return .events([ProviderEventReport(
            messageId: sid, status: status, providerStatus: raw, eventId: "\(sid):\(raw.lowercased())",
            recipient: fields["To"],
            detail: SMSWebhookSupport.detail(code: fields["ErrorCode"], fields["ErrorMessage"]))])
    }

    /// Twilio's outbound message statuses; `receiving`/`received` (inbound messages) and unknown ones are ignored.
    static let statuses: [String: ProviderEventStatus] = [
        "accepted": .accepted, "scheduled": .queued, "queued": .queued, "sending": .sending, "sent": .sent,
        "delivered": .delivered, "undelivered": .undelivered, "failed": .failed, "read": .opened,
        "canceled": .dropped, "partially_delivered": .sent,
    ]
}
