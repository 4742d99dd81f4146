import Foundation

/// How many rounds over the chain a delivery gets and how long it waits between them.
public struct RetryPolicy: Sendable, Hashable {
    /// Rounds before a delivery is `failed` (default 8).
    public var maxRounds: Int
    /// The wait after the first failed round; doubled each round (default 15 s).
    public var baseDelay: Double
    /// The longest wait (default 15 min); with the defaults the 8 rounds span about 31 minutes.
    public var maxDelay: Double
    /// Random spread applied to each wait, as a fraction (default 0.2 = ±20 %).
    public var jitter: Double

    /// Creates a policy.
    public init(maxRounds: Int = 8, baseDelay: Double = 15, maxDelay: Double = 900, jitter: Double = 0.2) {
        self.maxRounds = max(1, maxRounds)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.jitter = jitter
    }

    /// The wait after failed round `round` (0-based), before jitter.
    public func nominalDelay(afterRound round: Int) -> Double {
        min(maxDelay, baseDelay * pow(2, Double(min(round, 30))))
    }

    /// The wait after failed round `round`, with jitter from `random` (a value in 0..<1).
    public func delay(afterRound round: Int, random: Double) -> Double {
        nominalDelay(afterRound: round) * (1 + jitter * (2 * random - 1))
    }

    /// Honours a provider's `Retry-After` when it asks for longer than the schedule.
    public func delay(afterRound round: Int, random: Double, retryAfter: Double?) -> Double {
        max(delay(afterRound: round, random: random), min(retryAfter ?? 0, maxDelay))
    }
}
