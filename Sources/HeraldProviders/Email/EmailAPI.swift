import Crypto
import Foundation
import HeraldCore

/// What the HTTP email adapters share: the sender from the message or the integration, base64 attachment content,
/// and reclassification of a failure by the provider's documented error codes.
enum EmailAPI {
    /// The sender address: the message's `from`, else `credentials.from` (missing → misconfigured, naming the key).
    static func from(_ email: EmailMessage, _ credentials: CredentialReader) throws -> String {
        try email.from ?? credentials.required("from")
    }

    /// The sender's display name: the message's, else `credentials.senderName`, if any.
    static func senderName(_ email: EmailMessage, _ credentials: CredentialReader) -> String? {
        email.senderName ?? credentials.optional("senderName")
    }

    /// `"Name" <address>` (RFC 5322, the name quoted when it needs to be), or the bare address without a name.
    static func mailbox(_ address: String, name: String?) -> String {
        guard let name, !name.isEmpty else { return address }
        let plain = name.allSatisfy { $0.isLetter || $0.isNumber || $0 == " " || "!#$%&'*+-/=?^_`{|}~".contains($0) }
        let display = plain ? name : "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        return "\(display) <\(address)>"
    }

    /// Recipients as `[{"email": address}]`, the shape most JSON email APIs take.
    static func addresses(_ list: [String]) -> JSONValue { .array(list.map { .object(["email": .string($0)]) }) }

    /// An attachment's bytes in standard base64.
    static func base64(_ attachment: EmailMessage.Attachment) -> String { Base64.encode(attachment.content) }

    /// A JSON string or number as text.
    static func text(_ value: JSONValue?) -> String? {
        guard let value, value != .null else { return nil }
        return value.stringValue ?? String(decoding: value.encoded(), as: UTF8.self)
    }

    /// A UUID derived from the delivery id (the same for every attempt), for providers whose idempotency key must be one.
    static func uuid(_ deliveryId: String) -> String {
        var bytes = Array(SHA256.hash(data: Data(deliveryId.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50   // version 5 layout (name-based)
        bytes[8] = (bytes[8] & 0x3F) | 0x80   // RFC 4122 variant
        let hex = bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return parts.map(String.init).joined(separator: "-")
    }

    /// Runs `body`, reclassifying a ``ProviderFailure`` by the provider's documented code where it says more than the
    /// HTTP status.
    static func classified<T>(_ codes: [String: ProviderFailure.Reason], _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let failure as ProviderFailure {
            throw failure.reclassified(by: codes)
        }
    }

    /// A delivery's overrides merged over a body (the override wins).
    static func merged(_ body: [String: JSONValue], _ context: SendContext) -> [String: JSONValue] {
        body.merging(context.overrides) { _, override in override }
    }
}
