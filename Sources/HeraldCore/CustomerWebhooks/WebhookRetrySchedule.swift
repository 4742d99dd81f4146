import Foundation

/// When a failed webhook message is tried again: after each failed attempt the next delay of the list; when the
/// list is used up the message has failed for good.
public struct WebhookRetrySchedule: Sendable, Hashable {
    /// Seconds to wait after the 1st, 2nd, … failed attempt.
    public var delays: [Double]

    /// Creates a schedule.
    public init(delays: [Double]) { self.delays = delays }

    /// 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h: eight attempts over about four hours.
    public static let standard = WebhookRetrySchedule(delays: [5, 30, 120, 600, 1_800, 3_600, 7_200])

    /// Attempts made at most.
    public var maxAttempts: Int { delays.count + 1 }

    /// The wait after failed attempt number `attempt` (1-based), or nil when it was the last one.
    public func delay(afterAttempt attempt: Int) -> Double? {
        attempt >= 1 && attempt <= delays.count ? delays[attempt - 1] : nil
    }
}
