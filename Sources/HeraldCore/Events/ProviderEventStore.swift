import Foundation

/// Where provider events are kept, and the (provider, message id) index that finds their delivery.
public protocol ProviderEventStore: Sendable {
    /// The delivery a provider's message id belongs to, within an environment (an indexed lookup).
    func delivery(providerId: String, messageId: String, environmentId: String) async throws -> DeliveryReference?
    /// A delivery by Herald's id, within an environment.
    func delivery(id: String, environmentId: String) async throws -> DeliveryReference?
    /// Records events in one transaction and applies their effect on the delivery's status (a sent delivery becomes
    /// `delivered`; a bounce fails it). Events whose provider event id was recorded before are skipped. Returns the
    /// events recorded and the delivery's status after them.
    func record(_ events: [ProviderEvent], eventIds: [String?], effect: ProviderEventStatus.Effect,
                deliveryId: String, now: Date) async throws -> (recorded: [ProviderEvent], status: DeliveryStatus?)
    /// A delivery's events, oldest first.
    func events(deliveryId: String) async throws -> [ProviderEvent]
}

/// What a webhook needs to know about the delivery it reports on.
public struct DeliveryReference: Sendable, Hashable {
    public var id: String
    public var environmentId: String
    public var status: DeliveryStatus
    public var channel: Channel
    public var providerId: String?
    public var messageId: String?

    /// Creates a reference.
    public init(id: String, environmentId: String, status: DeliveryStatus, channel: Channel, providerId: String?,
                messageId: String?) {
        self.id = id
        self.environmentId = environmentId
        self.status = status
        self.channel = channel
        self.providerId = providerId
        self.messageId = messageId
    }
}
