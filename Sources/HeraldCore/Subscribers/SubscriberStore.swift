/// Storage of subscribers. Every change is one transaction; `update` holds the subscriber's row meanwhile.
public protocol SubscriberStore: Sendable {
    /// A subscriber by its caller-given id in an environment.
    func find(environmentId: String, subscriberId: String) async throws -> Subscriber?
    /// A page of an environment's subscribers, newest first, and how many there are.
    func list(environmentId: String, limit: Int, offset: Int) async throws -> (subscribers: [Subscriber], total: Int)
    /// Inserts a new subscriber; a subscriberId already used in the environment is a 409.
    func insert(_ subscriber: Subscriber) async throws
    /// Applies `change` to the stored subscriber and saves it, atomically; nil when there is no such subscriber.
    func update(
        environmentId: String, subscriberId: String, _ change: @Sendable (inout Subscriber) throws -> Void
    ) async throws -> Subscriber?
    /// Removes `tokens` from the device tokens the subscriber stored for an integration (the entry
    /// ``Subscriber/channel(for:)`` picks), atomically, and returns those it held; none when there is no such
    /// subscriber or entry.
    func removeDeviceTokens(
        environmentId: String, subscriberId: String, providerId: String, integrationId: String,
        integrationIdentifier: String, tokens: Set<String>
    ) async throws -> [String]
    /// Removes a subscriber; false when there was none.
    func delete(environmentId: String, subscriberId: String) async throws -> Bool
}
