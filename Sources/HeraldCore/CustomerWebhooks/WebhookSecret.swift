import Foundation

/// A Standard Webhooks signing secret, `whsec_<base64 of the key>`; it prints as `[redacted]`.
public struct WebhookSecret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The prefix of every secret.
    public static let prefix = "whsec_"
    /// The random key bytes of a new secret.
    public static let keyBytes = 24

    /// The whole secret as shown once to the caller.
    public let value: String

    /// Wraps a stored or shown secret.
    public init(_ value: String) { self.value = value }

    /// A new secret of ``keyBytes`` random bytes.
    public static func generate() -> WebhookSecret {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<keyBytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return WebhookSecret(prefix + Data(bytes).base64EncodedString())
    }

    /// The HMAC key: the base64-decoded part after `whsec_` (the whole text when it is not base64, as other
    /// Standard Webhooks libraries fall back to).
    public var key: [UInt8] {
        let encoded = value.hasPrefix(Self.prefix) ? String(value.dropFirst(Self.prefix.count)) : value
        if let decoded = Data(base64Encoded: encoded) ?? Data(base64Encoded: encoded + "=") ?? Data(base64Encoded: encoded + "==") {
            return Array(decoded)
        }
        return Array(value.utf8)
    }

    public var description: String { "[redacted]" }
    public var debugDescription: String { "[redacted]" }
}
