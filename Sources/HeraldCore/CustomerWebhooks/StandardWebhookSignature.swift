import Crypto
import Foundation

/// Signs webhook messages as the Standard Webhooks specification defines: `webhook-signature: v1,<base64 of
/// HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}")>`.
public enum StandardWebhookSignature {
    /// The `v1,…` signature of a message.
    public static func sign(secret: WebhookSecret, messageId: String, timestamp: Int64, body: [UInt8]) -> String {
        var signed = Array("\(messageId).\(timestamp).".utf8)
        signed.append(contentsOf: body)
        let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: secret.key))
        return "v1," + Data(mac).base64EncodedString()
    }

    /// The headers of a signed message: `webhook-id`, `webhook-timestamp` (unix seconds) and `webhook-signature`.
    public static func headers(
        secret: WebhookSecret, messageId: String, timestamp: Int64, body: [UInt8]
    ) -> [(String, String)] {
        [
            ("webhook-id", messageId), ("webhook-timestamp", String(timestamp)),
            ("webhook-signature", sign(secret: secret, messageId: messageId, timestamp: timestamp, body: body)),
        ]
    }
}
