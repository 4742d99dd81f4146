/// Where the delivery engine reports what it does (Prometheus in the app; nothing in plain unit tests).
public protocol DeliveryMetrics: Sendable {
    /// One provider call ended (`reason` is why it failed, nil when it was sent).
    func attempt(
        channel: Channel, providerId: String, outcome: DeliveryAttempt.Outcome, reason: ProviderFailure.Reason?,
        seconds: Double)
    /// A round ended with this delivery status (`sent`, `retrying` or `failed`).
    func delivery(channel: Channel, providerId: String, status: DeliveryStatus)
}

/// Metrics that go nowhere.
public struct NoDeliveryMetrics: DeliveryMetrics {
    /// Creates the sink.
    public init() {}
    public func attempt(
        channel: Channel, providerId: String, outcome: DeliveryAttempt.Outcome, reason: ProviderFailure.Reason?,
        seconds: Double
    ) {}
    public func delivery(channel: Channel, providerId: String, status: DeliveryStatus) {}
}
