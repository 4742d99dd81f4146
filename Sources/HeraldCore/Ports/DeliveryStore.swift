import Foundation

/// The durable delivery queue (an outbox in the same database as the integrations).
public protocol DeliveryStore: Sendable {
    /// Enqueues a delivery in one transaction; with an idempotency key, an earlier delivery with the same key and
    /// request hash (within 24 h) is returned instead (`created == false`), and a different hash is a 409.
    /// With a `lease`, a new delivery is written already claimed by its owner (handed to a local worker in memory).
    func enqueue(_ delivery: Delivery, lease: DeliveryLease?) async throws -> (delivery: Delivery, created: Bool)
    /// A delivery of an environment.
    func find(id: String, environmentId: String) async throws -> Delivery?
    /// Deliveries of an environment, newest first.
    func list(environmentId: String, status: DeliveryStatus?, channel: Channel?, limit: Int, offset: Int) async throws -> [Delivery]
    /// Claims up to `limit` due deliveries for `owner` until `leaseUntil` (expired leases are claimed again).
    func claim(owner: String, limit: Int, now: Date, leaseUntil: Date) async throws -> [Delivery]
    /// Saves a claimed delivery's progress and releases the lease; false if the lease was lost. With `followUp`,
    /// the same statement writes the mark of what the outcome still owes (customer event, fallback) until
    /// ``clearFollowUp(id:dueAt:)`` clears it; a save without one keeps an earlier mark.
    @discardableResult
    func save(_ delivery: Delivery, owner: String, followUp: FollowUpMark?) async throws -> Bool
    /// Saves several claimed deliveries in one transaction; for each, false if its lease was lost.
    func saveAll(_ deliveries: [Delivery], owner: String) async throws -> [Bool]
    /// Marked deliveries whose mark is due at `now`, earliest first.
    func followUpsDue(now: Date, limit: Int) async throws -> [DueFollowUp]
    /// Clears a delivery's mark if it is still the one due at `dueAt` (a newer save's mark stays).
    func clearFollowUp(id: String, dueAt: Date) async throws
    /// Makes a delivery's mark due at `until` instead, if it is still the one due at `dueAt`.
    func postponeFollowUp(id: String, dueAt: Date, until: Date) async throws
    /// Gives up the leases `owner` holds on deliveries it has not started (shutdown); others may claim them at once.
    func release(ids: [String], owner: String) async throws
    /// Queues a failed delivery again from round 0.
    func requeue(id: String, environmentId: String, now: Date) async throws -> Delivery?
    /// Deliveries queued, retrying or being sent (the `herald_queue_depth` gauge).
    func queueDepth() async throws -> Int
    /// Deliveries of an environment created at or after `since`, counted per minute of creation and current status
    /// (one grouped query; minutes and statuses without deliveries are absent).
    func countsPerMinute(environmentId: String, since: Date) async throws -> [DeliveryMinuteCount]
    /// The newest deliveries of an environment with an attempt through one integration, newest first.
    func list(environmentId: String, integrationId: String, limit: Int) async throws -> [Delivery]
}

extension DeliveryStore {
    /// Saves a claimed delivery's progress with no follow-up due.
    @discardableResult
    public func save(_ delivery: Delivery, owner: String) async throws -> Bool {
        try await save(delivery, owner: owner, followUp: nil)
    }

    /// Filters the environment's newest 500 deliveries (stores that can ask their database do better).
    public func list(environmentId: String, integrationId: String, limit: Int) async throws -> [Delivery] {
        let recent = try await list(environmentId: environmentId, status: nil, channel: nil, limit: 500, offset: 0)
        return Array(recent.filter { $0.attempts.contains { $0.integrationId == integrationId } }.prefix(limit))
    }

    /// Enqueues a delivery for whichever worker claims it first.
    public func enqueue(_ delivery: Delivery) async throws -> (delivery: Delivery, created: Bool) {
        try await enqueue(delivery, lease: nil)
    }
}
