import Foundation

/// A customer's URL that receives an environment's events, signed with its own secret.
public struct WebhookEndpoint: Sendable, Hashable {
    /// The record id (`_id`).
    public var id: String
    public var environmentId: String
    public var organizationId: String
    /// Where events are posted (`http`/`https`; passes the outbound guard at save and at every send).
    public var url: String
    /// The event types it receives; empty means every type.
    public var eventTypes: [CustomerEventType]
    /// Whether events are sent to it (a disabled endpoint's pending messages are cancelled).
    public var enabled: Bool
    /// The caller's note.
    public var description: String?
    /// The signing secret; never shown after create or rotate.
    public var secret: WebhookSecret
    public var createdAt: Date
    public var updatedAt: Date

    /// Creates an endpoint value.
    public init(
        id: String, environmentId: String, organizationId: String, url: String, eventTypes: [CustomerEventType] = [],
        enabled: Bool = true, description: String? = nil, secret: WebhookSecret, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.environmentId = environmentId
        self.organizationId = organizationId
        self.url = url
        self.eventTypes = eventTypes
        self.enabled = enabled
        self.description = description
        self.secret = secret
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Whether the endpoint wants events of this type (its filter, whether or not it is enabled).
    public func accepts(_ type: CustomerEventType) -> Bool { eventTypes.isEmpty || eventTypes.contains(type) }
}
