import Foundation

/// How many deliveries of one status an environment created in one minute (the dashboard's deliveries chart).
public struct DeliveryMinuteCount: Sendable, Hashable {
    /// The minute, as whole minutes since 1970 (UTC).
    public let minute: Int64
    /// The deliveries' current status.
    public let status: DeliveryStatus
    /// How many.
    public let count: Int

    /// Creates a count.
    public init(minute: Int64, status: DeliveryStatus, count: Int) {
        self.minute = minute
        self.status = status
        self.count = count
    }

    /// The minute a date falls in, as whole minutes since 1970.
    public static func minute(of date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / 60).rounded(.down))
    }
}
