import Foundation

/// Removes finished records older than a retention period, in bounded batches.
public protocol RetentionStore: Sendable {
    /// Removes up to `limit` finished deliveries (sent, delivered or failed, no follow-up due) created before
    /// `before`, with their provider events; then up to `limit` finished webhook messages (delivered, failed or
    /// cancelled) last touched before it and up to `limit` webhook attempts made before it. Integrations, their
    /// history, subscribers and in-app messages are never removed.
    func prune(before: Date, limit: Int) async throws -> PrunedRecords
}

/// What one pruning batch removed.
public struct PrunedRecords: Sendable, Hashable {
    public var deliveries: Int
    public var providerEvents: Int
    public var webhookMessages: Int
    public var webhookAttempts: Int

    /// Creates a count.
    public init(deliveries: Int = 0, providerEvents: Int = 0, webhookMessages: Int = 0, webhookAttempts: Int = 0) {
        self.deliveries = deliveries
        self.providerEvents = providerEvents
        self.webhookMessages = webhookMessages
        self.webhookAttempts = webhookAttempts
    }

    /// The sum of every kind.
    public var total: Int { deliveries + providerEvents + webhookMessages + webhookAttempts }
}
