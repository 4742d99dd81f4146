import Foundation
import Synchronization

/// Per-integration concurrency caps and rate limits (`configurations.maxConcurrency`, `maxPerSecond`), per
/// instance, so one slow or rate-limited provider cannot tie up every worker: a busy integration is passed over
/// for the next one in the chain instead of being waited for.
public final class IntegrationLimiter: Sendable {
    private struct Entry {
        var inFlight = 0
        var tokens: Double = 0
        var refilledAt: Date?
    }

    private let entries = Mutex<[String: Entry]>([:])

    /// Creates a limiter.
    public init() {}

    /// Takes a slot if the integration's limits allow a call now; pair a `true` with ``release(_:)``.
    public func tryAcquire(_ integration: Integration, now: Date = Date()) -> Bool {
        let cap = integration.configurations.maxConcurrency
        let rate = integration.configurations.maxPerSecond
        if cap == nil && rate == nil { return true }
        return entries.withLock { entries in
            var entry = entries[integration.id] ?? Entry()
            if let cap, entry.inFlight >= cap { return false }
            if let rate {
                let burst = max(1, rate)
                let elapsed = entry.refilledAt.map { now.timeIntervalSince($0) } ?? .infinity
                entry.tokens = min(burst, entry.tokens + (elapsed.isFinite ? elapsed * rate : burst))
                entry.refilledAt = now
                if entry.tokens < 1 {
                    entries[integration.id] = entry
                    return false
                }
                entry.tokens -= 1
            }
            entry.inFlight += 1
            entries[integration.id] = entry
            return true
        }
    }

    /// Returns a slot taken by ``tryAcquire(_:now:)``.
    public func release(_ integration: Integration) {
        entries.withLock { entries in
            if var entry = entries[integration.id] {
                entry.inFlight = max(0, entry.inFlight - 1)
                entries[integration.id] = entry
            }
        }
    }
}
