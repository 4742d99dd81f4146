/// Where the rest of Herald reports events for customers' webhook endpoints. Publishing never fails the caller:
/// an implementation logs what it could not record.
public protocol CustomerEventPublisher: Sendable {
    /// Records the event for every endpoint of its environment that wants it.
    func publish(_ event: CustomerEvent) async
}

/// A publisher that drops every event (tests, and code paths without webhooks).
public struct NoCustomerEventPublisher: CustomerEventPublisher {
    /// Creates the publisher.
    public init() {}

    public func publish(_ event: CustomerEvent) async {}
}
