import Logging

/// A provider adapter: the code for one or more catalogue providers. It makes a ``ProviderSession`` per
/// integration revision; the engine caches sessions (``SessionCache``), so a session is where connection pools,
/// HTTP/2 clients, parsed keys and cached tokens live.
public protocol ProviderAdapter: Sendable {
    /// The catalogue ids this adapter serves.
    var providerIds: [String] { get }
    /// The credential keys the adapter reads for a provider (the registry test checks each is in that provider's
    /// descriptor).
    func credentialKeys(for providerId: String) -> Set<String>
    /// Makes a session for an integration (credentials decrypted). Throws ``ProviderFailure`` (misconfigured) when
    /// the credentials cannot work at all.
    func makeSession(for integration: Integration) async throws -> any ProviderSession
}

/// One integration's live connection to its provider.
public protocol ProviderSession: Sendable {
    /// Sends one message; throws a classified ``ProviderFailure``.
    func send(_ message: ChannelMessage, context: SendContext) async throws -> ProviderReceipt
    /// Checks the configuration without sending a notification (`check: true`): `.passed`, or `.notSupported` when
    /// the provider offers no cheap check; throws ``ProviderFailure`` with the reason it failed.
    func check() async throws -> CheckResult
    /// Releases what the session holds (pools, clients); called once, when its integration changed or on shutdown.
    func shutdown() async
}

extension ProviderSession {
    /// No check: says so.
    public func check() async throws -> CheckResult { .notSupported }
    /// Nothing to release.
    public func shutdown() async {}
}

/// What a check found.
public enum CheckResult: Sendable, Hashable {
    /// The provider accepted the configuration.
    case passed
    /// The provider has no check Herald can run.
    case notSupported
}

/// What a send needs besides the message.
public struct SendContext: Sendable {
    /// The delivery id: providers that support idempotency keys receive it as one.
    public let deliveryId: String
    /// `overrides[providerId]` of the request, merged into the provider's body where the adapter supports it.
    public let overrides: [String: JSONValue]
    /// The caller's `transactionId`.
    public let transactionId: String?
    /// When the attempt is cut off (the engine enforces it too).
    public let deadline: ContinuousClock.Instant
    /// The logger for this attempt.
    public let logger: Logger

    /// Creates a context.
    public init(
        deliveryId: String, overrides: [String: JSONValue] = [:], transactionId: String? = nil,
        deadline: ContinuousClock.Instant = .now + .seconds(30), logger: Logger = Logger(label: "herald.provider")
    ) {
        self.deliveryId = deliveryId
        self.overrides = overrides
        self.transactionId = transactionId
        self.deadline = deadline
        self.logger = logger
    }

    /// Time left until the deadline (at least a millisecond).
    public var remaining: Duration { max(.milliseconds(1), deadline - .now) }
}

/// A successful send: the provider's message id, and per recipient (or device token) what happened when the
/// provider reports that (a push to five tokens where two are dead is sent, and lists the two).
public struct ProviderReceipt: Sendable, Hashable {
    /// One recipient's result.
    public struct Recipient: Sendable, Hashable {
        /// The address, number or device token.
        public let address: String
        /// The provider's id for this recipient's message.
        public let messageId: String?
        /// Why this recipient failed, when it did.
        public let failure: ProviderFailure?

        /// Creates a result.
        public init(address: String, messageId: String? = nil, failure: ProviderFailure? = nil) {
            self.address = address
            self.messageId = messageId
            self.failure = failure
        }
    }

    /// The provider's message id, if it gave one.
    public let messageId: String?
    /// Per-recipient results, when the provider reports them.
    public let recipients: [Recipient]

    /// Creates a receipt.
    public init(messageId: String?, recipients: [Recipient] = []) {
        self.messageId = messageId
        self.recipients = recipients
    }

    /// The recipients that failed.
    public var failedRecipients: [Recipient] { recipients.filter { $0.failure != nil } }
}

/// Adapters whose session holds nothing: the session is the adapter applied to the integration.
public protocol StatelessProviderAdapter: ProviderAdapter {
    /// Sends through an integration.
    func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt
    /// Checks an integration.
    func check(_ integration: Integration) async throws -> CheckResult
}

extension StatelessProviderAdapter {
    public func makeSession(for integration: Integration) async throws -> any ProviderSession {
        StatelessSession(adapter: self, integration: integration)
    }

    public func check(_ integration: Integration) async throws -> CheckResult { .notSupported }
}

struct StatelessSession<Adapter: StatelessProviderAdapter>: ProviderSession {
    let adapter: Adapter
    let integration: Integration

    func send(_ message: ChannelMessage, context: SendContext) async throws -> ProviderReceipt {
        try await adapter.send(message, integration: integration, context: context)
    }

    func check() async throws -> CheckResult { try await adapter.check(integration) }
}
