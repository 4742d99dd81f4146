/// A provider adapter: sends one message through one integration.
public protocol NotificationProvider: Sendable {
    /// The catalogue ids this adapter serves.
    var providerIds: [String] { get }
    /// Sends; throws ``ProviderFailure`` saying whether a retry could help.
    func send(_ message: OutboundMessage) async throws -> ProviderReceipt
    /// Checks an integration's configuration without sending a notification (`check: true`); throws
    /// ``ProviderFailure`` with the reason. Providers without a check pass.
    func check(_ integration: Integration) async throws
}

extension NotificationProvider {
    /// No check: passes.
    public func check(_ integration: Integration) async throws {}
}

/// What a provider receives: the integration (credentials decrypted) and the delivery.
public struct OutboundMessage: Sendable {
    /// The integration to send through.
    public let integration: Integration
    /// The delivery id: providers that support idempotency keys receive it as one.
    public let deliveryId: String
    /// The request.
    public let request: DeliveryRequest

    /// Creates a message.
    public init(integration: Integration, deliveryId: String, request: DeliveryRequest) {
        self.integration = integration
        self.deliveryId = deliveryId
        self.request = request
    }

    /// The overrides for this integration's provider (`overrides[providerId]`), merged into its request.
    public var providerOverrides: [String: JSONValue] {
        request.overrides?[integration.providerId]?.objectValue ?? [:]
    }
}

/// A successful send.
public struct ProviderReceipt: Sendable, Hashable {
    /// The provider's message id, if it gave one.
    public let messageId: String?

    /// Creates a receipt.
    public init(messageId: String?) { self.messageId = messageId }
}

/// A failed send, classified: retryable (timeout, connection error, 429, 5xx) or permanent (bad credentials,
/// invalid recipient). Its message never contains a secret.
public struct ProviderFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// Whether trying again later could succeed.
    public let retryable: Bool
    /// The provider's requested wait in seconds (`Retry-After`), if any.
    public let retryAfter: Double?
    /// What happened.
    public let message: String

    private init(retryable: Bool, retryAfter: Double?, message: String) {
        self.retryable = retryable
        self.retryAfter = retryAfter
        self.message = message
    }

    public var description: String { message }

    /// A failure worth retrying.
    public static func retryable(_ message: String, retryAfter: Double? = nil) -> ProviderFailure {
        .init(retryable: true, retryAfter: retryAfter, message: message)
    }

    /// A failure a retry cannot fix.
    public static func permanent(_ message: String) -> ProviderFailure {
        .init(retryable: false, retryAfter: nil, message: message)
    }

    /// The same failure with its message redacted (secrets an adapter derived, such as tokens).
    public func redacting(_ redactor: Redactor) -> ProviderFailure {
        .init(retryable: retryable, retryAfter: retryAfter, message: redactor.redact(message))
    }

    /// Classifies an HTTP status: 408, 429 and 5xx are retryable, everything else permanent.
    public static func http(status: Int, retryAfter: Double?, detail: String) -> ProviderFailure {
        if status == 408 || status == 429 || status >= 500 {
            return .retryable("HTTP \(status): \(detail)", retryAfter: retryAfter)
        }
        let kind = status == 401 || status == 403 ? "bad credentials" : "rejected"
        return .permanent("HTTP \(status) (\(kind)): \(detail)")
    }
}
