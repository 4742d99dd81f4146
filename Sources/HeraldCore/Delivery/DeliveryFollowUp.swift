import Foundation
import Logging

/// What follows a saved outcome: the customer event (`delivery.sent` or `delivery.failed`) and, for a delivery that
/// failed for good, its channel fallback. The save writes a ``FollowUpMark`` in the same statement that records the
/// outcome when there is something to follow (an endpoint wants the event, or a fallback step is due), and the mark
/// is cleared once the follow-up is recorded; ``sweep(store:now:limit:logger:)`` finishes marks an instance left
/// behind (it crashed, or its writes failed, between the save and the follow-up). The mark says what was owed, so a
/// sweep sends that, whatever a provider report or a retry made of the delivery since. Doing a follow-up twice is
/// harmless: the event id is the delivery, the event and the attempt count, written once per endpoint; the
/// fallback's idempotency key is the original's id.
public struct DeliveryFollowUp: Sendable {
    private let events: any CustomerEventPublisher
    private let fallback: (@Sendable (Delivery) async throws -> Void)?
    /// False for ``none``: such a worker neither marks nor sweeps (another instance's marks are not its to clear).
    public let isEnabled: Bool

    /// Creates the follow-up; `fallback` enqueues a failed delivery's next step and throws when it could not.
    public init(events: any CustomerEventPublisher, fallback: (@Sendable (Delivery) async throws -> Void)?) {
        self.events = events
        self.fallback = fallback
        self.isEnabled = true
    }

    private init() {
        self.events = NoCustomerEventPublisher()
        self.fallback = nil
        self.isEnabled = false
    }

    /// No follow-up at all (tests, and workers without webhooks or fallback).
    public static let none = DeliveryFollowUp()

    /// How long a failed sweep waits before trying a mark again.
    static let retryDelay: TimeInterval = 60

    /// The customer event a saved outcome announces: `sent` and `failed` (for good) only.
    static func eventType(_ status: DeliveryStatus) -> CustomerEventType? {
        switch status {
        case .sent: .deliverySent
        case .failed: .deliveryFailed
        default: nil
        }
    }

    /// The mark saving `delivery` must write (due for a sweep at `dueAt`), or nil when nothing follows: no
    /// endpoint wants the event ("none" is remembered briefly, so the common save costs neither a read nor a
    /// write) and no fallback step is due.
    public func mark(for delivery: Delivery, dueAt: Date) async -> FollowUpMark? {
        guard isEnabled, let type = Self.eventType(delivery.status) else { return nil }
        let owesFallback = delivery.status == .failed && fallback != nil && delivery.request.fallback?.isEmpty == false
        if !owesFallback, await !events.mayRecord(environmentId: delivery.environmentId, type: type) { return nil }
        return FollowUpMark(event: type, attempts: delivery.attempts.count, dueAt: dueAt)
    }

    /// Records what `mark` owes for `delivery`: the event, then (for a failure) the fallback step. Both are tried;
    /// throws afterwards when either could not be recorded for a reason that may pass (the mark then stays). A
    /// fallback the request itself makes impossible (no integration for its channel, a subscriber without an
    /// address) is logged and counts as done: retrying cannot help.
    public func run(_ delivery: Delivery, mark: FollowUpMark, logger: Logger) async throws {
        var outcome = delivery
        outcome.status = mark.event == .deliveryFailed ? .failed : .sent
        var failure: (any Error)?
        do {
            try await events.record(CustomerEvent.delivery(
                mark.event, outcome, id: CustomerEvent.stableId(delivery.id, mark.event.rawValue, String(mark.attempts)),
                occurredAt: delivery.updatedAt))
        } catch {
            failure = error
        }
        if mark.event == .deliveryFailed, let fallback {
            do {
                try await fallback(outcome)
            } catch let error as HeraldError where error.kind != .unavailable {
                logger.warning("The fallback step cannot be enqueued", metadata: [
                    "delivery.id": "\(delivery.id)", "error": "\(error)",
                ])
            } catch {
                failure = failure ?? error
            }
        }
        if let failure { throw failure }
    }

    /// Finishes up to `limit` marks due at `now`; returns how many were finished. One that fails again is due
    /// again a minute later (so it cannot hold back the others).
    @discardableResult
    public func sweep(store: any DeliveryStore, now: Date, limit: Int, logger: Logger) async throws -> Int {
        guard isEnabled else { return 0 }
        let due = try await store.followUpsDue(now: now, limit: limit)
        var done = 0
        for item in due {
            guard let delivery = item.delivery, let mark = item.mark else {
                // Unreadable (a sealed request no key opens, a mark of another version): nothing can be done.
                logger.error("A delivery's follow-up cannot be read; it is dropped", metadata: ["delivery.id": "\(item.id)"])
                try await store.clearFollowUp(id: item.id, dueAt: item.dueAt)
                continue
            }
            do {
                try await run(delivery, mark: mark, logger: logger)
                try await store.clearFollowUp(id: delivery.id, dueAt: mark.dueAt)
                done += 1
            } catch {
                logger.warning("A delivery's follow-up failed again; retried in a minute", metadata: [
                    "delivery.id": "\(delivery.id)", "error.type": "\(type(of: error))",
                ])
                try await store.postponeFollowUp(id: delivery.id, dueAt: mark.dueAt,
                                                 until: now.addingTimeInterval(Self.retryDelay))
            }
        }
        return done
    }
}

/// A marked delivery as the sweep reads it; `delivery` or `mark` is nil when it cannot be read.
public struct DueFollowUp: Sendable {
    public var id: String
    public var dueAt: Date
    public var delivery: Delivery?
    public var mark: FollowUpMark?

    /// Creates an item.
    public init(id: String, dueAt: Date, delivery: Delivery?, mark: FollowUpMark?) {
        self.id = id
        self.dueAt = dueAt
        self.delivery = delivery
        self.mark = mark
    }
}
