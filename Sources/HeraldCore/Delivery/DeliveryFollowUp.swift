import Foundation
import Logging

/// What follows a saved outcome: the customer event (`delivery.sent` or `delivery.failed`) and, for a delivery that
/// failed for good, its channel fallback. The save marks a delivery whose follow-up may be due in the same statement
/// that records the outcome, and the mark is cleared once the follow-up is recorded; ``sweep(store:olderThan:limit:)``
/// finishes marks an instance left behind (it crashed, or its writes failed, between the save and the follow-up).
/// Doing a follow-up twice is harmless: event ids follow the saved state and the outbox writes an id once per
/// endpoint, and the fallback's idempotency key is the original's id.
public struct DeliveryFollowUp: Sendable {
    private let events: any CustomerEventPublisher
    private let fallback: (@Sendable (Delivery) async throws -> Void)?

    /// Creates the follow-up; `fallback` enqueues a failed delivery's next step and throws when it could not.
    public init(events: any CustomerEventPublisher, fallback: (@Sendable (Delivery) async throws -> Void)?) {
        self.events = events
        self.fallback = fallback
    }

    /// No follow-up at all (tests, and workers without webhooks or fallback).
    public static let none = DeliveryFollowUp(events: NoCustomerEventPublisher(), fallback: nil)

    /// The customer event a saved outcome announces: `sent` (or `delivered`, which a provider report may have made
    /// of it before the sweep reads it) and `failed` (for good) only.
    static func eventType(_ status: DeliveryStatus) -> CustomerEventType? {
        switch status {
        case .sent, .delivered: .deliverySent
        case .failed: .deliveryFailed
        default: nil
        }
    }

    /// Whether saving `delivery` must mark its follow-up as due: a fallback step to enqueue, or an event that an
    /// endpoint of the environment wants. "No endpoint" is remembered briefly, so a save with nothing to follow
    /// costs neither a read nor a write.
    public func isDue(_ delivery: Delivery) async -> Bool {
        guard let type = Self.eventType(delivery.status) else { return false }
        if delivery.status == .failed, fallback != nil, delivery.request.fallback?.isEmpty == false { return true }
        return await events.mayRecord(environmentId: delivery.environmentId, type: type)
    }

    /// Records the event and enqueues the fallback; throws when either could not be recorded (the mark stays).
    public func run(_ delivery: Delivery) async throws {
        guard let type = Self.eventType(delivery.status) else { return }
        try await events.record(CustomerEvent.delivery(
            type, delivery, id: CustomerEvent.stableId(delivery.id, type.rawValue, String(delivery.attempts.count)),
            occurredAt: delivery.updatedAt))
        if delivery.status == .failed, let fallback { try await fallback(delivery) }
    }

    /// Finishes up to `limit` follow-ups that were marked due before `olderThan` and are still marked; returns how
    /// many were finished. One that fails again keeps its mark for the next sweep.
    @discardableResult
    public func sweep(store: any DeliveryStore, olderThan: Date, limit: Int, logger: Logger) async throws -> Int {
        let due = try await store.followUpsDue(before: olderThan, limit: limit)
        var done: [String] = []
        for delivery in due {
            do {
                try await run(delivery)
                done.append(delivery.id)
            } catch {
                logger.warning("A delivery's follow-up failed again; the next sweep retries it", metadata: [
                    "delivery.id": "\(delivery.id)", "error.type": "\(type(of: error))",
                ])
            }
        }
        if !done.isEmpty { try await store.followUpsDone(ids: done) }
        return done.count
    }
}
