/// Where the rest of Herald reports events for customers' webhook endpoints.
public protocol CustomerEventPublisher: Sendable {
    /// Records the event for every endpoint of its environment that wants it; never fails the caller (what could
    /// not be recorded is logged).
    func publish(_ event: CustomerEvent) async
    /// Records the event like ``publish(_:)`` but throws when it could not be recorded (callers that keep a mark
    /// until it is, such as the delivery follow-up).
    func record(_ event: CustomerEvent) async throws
    /// Whether an endpoint of the environment may want events of `type` (false when it has none: an event of that
    /// type would be dropped anyway). Cheap: "none" is remembered briefly.
    func mayRecord(environmentId: String, type: CustomerEventType) async -> Bool
}

/// A publisher that drops every event (tests, and code paths without webhooks).
public struct NoCustomerEventPublisher: CustomerEventPublisher {
    /// Creates the publisher.
    public init() {}

    public func publish(_ event: CustomerEvent) async {}
    public func record(_ event: CustomerEvent) async throws {}
    public func mayRecord(environmentId: String, type: CustomerEventType) async -> Bool { false }
}
