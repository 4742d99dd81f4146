import Foundation

/// A provider's webhook request as it arrived: the URL the provider called, the headers and the raw body (the
/// signature schemes sign the exact bytes).
public struct InboundWebhook: Sendable {
    /// The URL the provider called (`--public-url` joined with the path and query, or the URL the request came in on).
    public let url: String
    /// Header values by lowercased name (repeated headers joined with ", ").
    public let headers: [String: String]
    /// The raw body.
    public let body: [UInt8]

    /// Creates a request.
    public init(url: String, headers: [(name: String, value: String)], body: [UInt8]) {
        self.url = url
        var joined: [String: String] = [:]
        for (name, value) in headers {
            let key = name.lowercased()
            joined[key] = joined[key].map { "\($0), \(value)" } ?? value
        }
        self.headers = joined
        self.body = body
    }

    /// A header by name, any case.
    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// The body as UTF-8 text (invalid bytes replaced).
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// Whether the body is form-encoded.
    public var isForm: Bool {
        header("content-type")?.lowercased().hasPrefix("application/x-www-form-urlencoded") ?? false
    }

    /// The body as JSON; a malformed body is a ``WebhookRejection``.
    public func json() throws -> JSONValue {
        do { return try body.withUnsafeBytes { try JSONValue.parse(bytes: $0) } } catch { throw WebhookRejection.malformed("the body is not valid JSON") }
    }

    /// The form fields of a form-encoded body, in order.
    public func formFields() -> [(name: String, value: String)] {
        Self.formFields(text)
    }

    /// Form fields of `application/x-www-form-urlencoded` text (`+` is a space).
    public static func formFields(_ text: String) -> [(name: String, value: String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                let spaced = part.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }
}

/// What a webhook carried.
public enum WebhookContent: Sendable {
    /// Events about messages.
    case events([ProviderEventReport])
    /// An Amazon SNS subscription confirmation: Herald confirms by fetching the URL.
    case subscriptionConfirmation(url: String)
}

/// Whether a webhook proved where it came from.
public enum WebhookVerification: Sendable, Hashable {
    /// The provider's signature (or credentials) checked out.
    case verified
    /// The request carried no signature, and none was required.
    case unsigned
}

/// The secrets a webhook is verified with: `configurations.inboundWebhookSigningKey`, the integration's credentials
/// (schemes such as Twilio's sign with the account's auth token), and whether a signature is required
/// (`configurations.inboundWebhookEnabled`).
public struct WebhookKeys: Sendable {
    public let signingKey: String?
    public let credentials: Credentials
    public let required: Bool

    /// Creates keys.
    public init(signingKey: String?, credentials: Credentials, required: Bool) {
        self.signingKey = signingKey.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        self.credentials = credentials
        self.required = required
    }

    /// The signing key, else the named string credential (schemes keyed with the account's token); blank is none.
    public func key(orCredential name: String) -> String? {
        if let signingKey { return signingKey }
        guard let value = credentials[string: name], !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        else { return nil }
        return value
    }

    /// The keys of an integration.
    public init(_ integration: Integration) {
        self.init(signingKey: integration.configurations.inboundWebhookSigningKey,
                  credentials: integration.credentials,
                  required: integration.configurations.inboundWebhookEnabled == true)
    }
}

/// A provider's webhook support: proves a request came from the provider, then parses its events.
public protocol ProviderWebhookParser: Sendable {
    /// The catalogue ids this parser serves.
    var providerIds: [String] { get }
    /// Checks the request's signature with the provider's documented scheme. Throws ``WebhookRejection`` when a
    /// signature is present but wrong, stale, or missing while `keys.required`.
    func verify(_ webhook: InboundWebhook, keys: WebhookKeys, now: Date) async throws -> WebhookVerification
    /// The events in the request; throws ``WebhookRejection`` (malformed) when the body is not the provider's shape.
    func parse(_ webhook: InboundWebhook) throws -> WebhookContent
}

/// Why a webhook was refused.
public struct WebhookRejection: Error, Sendable, CustomStringConvertible {
    private enum Reason: Sendable {
        case missingSignature, invalidSignature, stale, noKey, malformed(String)
    }
    private let reason: Reason

    /// The webhook carries no signature but one is required.
    public static let missingSignature = WebhookRejection(reason: .missingSignature)
    /// The signature does not match.
    public static let invalidSignature = WebhookRejection(reason: .invalidSignature)
    /// The signed timestamp is outside the provider's tolerance (a replay).
    public static let stale = WebhookRejection(reason: .stale)
    /// A signature is required, but the integration has no key to check it with.
    public static let noKey = WebhookRejection(reason: .noKey)
    /// The body is not what the provider sends.
    public static func malformed(_ why: String) -> WebhookRejection { WebhookRejection(reason: .malformed(why)) }

    /// Whether this is an authentication failure (401) rather than a bad body (400).
    public var isAuthentication: Bool {
        if case .malformed = reason { return false }
        return true
    }

    public var description: String {
        switch reason {
        case .missingSignature: return "The webhook is not signed, and this integration requires signed webhooks"
        case .invalidSignature: return "The webhook signature is invalid"
        case .stale: return "The webhook timestamp is outside the allowed window (possible replay)"
        case .noKey:
            return "This integration requires signed webhooks but has no key to verify them "
                + "(set configurations.inboundWebhookSigningKey)"
        case .malformed(let why): return "Malformed webhook: \(why)"
        }
    }
}
