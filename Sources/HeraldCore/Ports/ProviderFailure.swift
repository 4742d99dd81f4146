/// A failed send, classified by its reason, with the provider's own error code and HTTP status kept. Whether a retry
/// could help follows from the reason. Its message never contains a secret.
public struct ProviderFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why a send failed.
    public enum Reason: String, Sendable, Hashable, CaseIterable {
        /// The provider did not answer in time (retryable).
        case timeout
        /// The connection could not be made or broke (retryable).
        case connection
        /// The provider asked to slow down (retryable, after `retryAfter`); does not count towards the circuit.
        case rateLimited = "rate_limited"
        /// The provider answered with a server error or is down (retryable).
        case providerUnavailable = "provider_unavailable"
        /// The credentials were refused.
        case badCredentials = "bad_credentials"
        /// The integration is configured wrongly (missing or invalid credential, invalid URL, TLS failure).
        case misconfigured
        /// The recipient address or number is invalid.
        case invalidRecipient = "invalid_recipient"
        /// A push device token is invalid or no longer registered.
        case invalidDeviceToken = "invalid_device_token"
        /// The provider refused this message.
        case rejected
        /// The account's quota or balance is exhausted.
        case quotaExceeded = "quota_exceeded"
        /// Anything else (treated as retryable: the retry rounds are bounded).
        case unknown

        /// Whether trying again later could succeed.
        public var retryable: Bool {
            switch self {
            case .timeout, .connection, .rateLimited, .providerUnavailable, .unknown: true
            case .badCredentials, .misconfigured, .invalidRecipient, .invalidDeviceToken, .rejected, .quotaExceeded: false
            }
        }
    }

    /// Why it failed.
    public let reason: Reason
    /// The provider's requested wait in seconds (`Retry-After`), if any.
    public let retryAfter: Double?
    /// What happened.
    public let message: String
    /// The provider's own error code, when it gave one.
    public let providerCode: String?
    /// The provider's HTTP status, when there was an answer.
    public let httpStatus: Int?
    /// Per recipient (device token) what failed, when a send to several failed for every one of them.
    public var recipients: [ProviderReceipt.Recipient] = []

    /// Creates a failure.
    public init(
        _ reason: Reason, _ message: String, providerCode: String? = nil, httpStatus: Int? = nil, retryAfter: Double? = nil
    ) {
        self.reason = reason
        self.message = message
        self.providerCode = providerCode
        self.httpStatus = httpStatus
        self.retryAfter = retryAfter
    }

    /// Whether trying again later could succeed.
    public var retryable: Bool { reason.retryable }

    public var description: String { message }

    /// A retryable failure of no more specific reason.
    public static func retryable(_ message: String, retryAfter: Double? = nil) -> ProviderFailure {
        .init(.unknown, message, retryAfter: retryAfter)
    }

    /// A permanent failure: the provider refused the message.
    public static func permanent(_ message: String) -> ProviderFailure {
        .init(.rejected, message)
    }

    /// The integration's configuration is wrong (a missing or invalid credential, URL or header).
    public static func misconfigured(_ message: String) -> ProviderFailure {
        .init(.misconfigured, message)
    }

    /// The same failure with the reason a provider's code table gives its ``providerCode``, if the table has it.
    public func reclassified(by table: [String: Reason]) -> ProviderFailure {
        guard let code = providerCode, let reason = table[code], reason != self.reason else { return self }
        var failure = ProviderFailure(reason, message, providerCode: code, httpStatus: httpStatus, retryAfter: retryAfter)
        failure.recipients = recipients
        return failure
    }

    /// The same failure with its message redacted (secrets an adapter derived, such as tokens).
    public func redacting(_ redactor: Redactor) -> ProviderFailure {
        var failure = ProviderFailure(
            reason, redactor.redact(message), providerCode: providerCode, httpStatus: httpStatus, retryAfter: retryAfter)
        failure.recipients = recipients.map {
            .init(address: $0.address, messageId: $0.messageId, failure: $0.failure?.redacting(redactor))
        }
        return failure
    }

    /// Classifies an HTTP status: 408 timeout, 429 rate limited, 5xx provider unavailable, 401/403 bad
    /// credentials, other 4xx rejected.
    public static func http(status: Int, retryAfter: Double?, detail: String, providerCode: String? = nil) -> ProviderFailure {
        let reason: Reason = switch status {
        case 408: .timeout
        case 429: .rateLimited
        case 500...: .providerUnavailable
        case 401, 403: .badCredentials
        default: .rejected
        }
        let kind = reason == .badCredentials ? " (bad credentials)" : (reason.retryable ? "" : " (rejected)")
        return .init(reason, "HTTP \(status)\(kind): \(detail)", providerCode: providerCode, httpStatus: status,
                     retryAfter: retryAfter)
    }
}
