import Foundation

/// One event a provider reported about a delivery's message, as parsed from its webhook.
public struct ProviderEventReport: Sendable, Hashable {
    /// The provider's message id (as its send answered it, angle brackets removed).
    public var messageId: String?
    /// Herald's delivery id, when the provider echoes it back (SendGrid's custom args).
    public var deliveryId: String?
    /// The normalized status.
    public var status: ProviderEventStatus
    /// When the provider says it happened.
    public var occurredAt: Date?
    /// The provider's own id for the event (duplicates of it are recorded once).
    public var eventId: String?
    /// The provider's event name, as it sent it.
    public var providerStatus: String
    /// The recipient the event is about.
    public var recipient: String?
    /// Why, for failures (a bounce reason, an error code).
    public var detail: String?

    /// Creates a report.
    public init(messageId: String?, deliveryId: String? = nil, status: ProviderEventStatus, providerStatus: String,
                occurredAt: Date? = nil, eventId: String? = nil, recipient: String? = nil, detail: String? = nil) {
        self.messageId = messageId.map(Self.normalized)
        self.deliveryId = deliveryId
        self.status = status
        self.providerStatus = providerStatus
        self.occurredAt = occurredAt
        self.eventId = eventId
        self.recipient = recipient
        self.detail = detail
    }

    /// A message id as Herald indexes it: trimmed, without the angle brackets some providers keep.
    public static func normalized(_ id: String) -> String {
        var text = Substring(id.trimmingCharacters(in: .whitespaces))
        if text.hasPrefix("<") && text.hasSuffix(">") && text.count >= 2 { text = text.dropFirst().dropLast() }
        return String(text)
    }
}

/// A provider event as recorded on its delivery.
public struct ProviderEvent: Sendable, Hashable {
    public var id: String
    public var deliveryId: String
    public var integrationId: String
    public var providerId: String
    public var messageId: String?
    public var status: ProviderEventStatus
    public var providerStatus: String
    public var occurredAt: Date
    public var receivedAt: Date
    public var recipient: String?
    public var detail: String?
    /// Whether the webhook carried a valid signature (unsigned events are recorded but change nothing).
    public var verified: Bool

    /// Creates a record.
    public init(id: String, deliveryId: String, integrationId: String, providerId: String, messageId: String?,
                status: ProviderEventStatus, providerStatus: String, occurredAt: Date, receivedAt: Date,
                recipient: String?, detail: String?, verified: Bool) {
        self.id = id
        self.deliveryId = deliveryId
        self.integrationId = integrationId
        self.providerId = providerId
        self.messageId = messageId
        self.status = status
        self.providerStatus = providerStatus
        self.occurredAt = occurredAt
        self.receivedAt = receivedAt
        self.recipient = recipient
        self.detail = detail
        self.verified = verified
    }
}
