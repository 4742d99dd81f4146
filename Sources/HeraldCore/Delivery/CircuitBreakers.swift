import Foundation
import Synchronization

/// One circuit breaker per integration (per instance): after `threshold` consecutive retryable failures it opens
/// for `coolDown` seconds, during which selection skips the integration; then one trial call decides.
public final class CircuitBreakers: Sendable {
    /// The state of one integration's breaker, for `GET /v1/integrations/{id}/health`.
    public struct Health: Sendable, Hashable {
        /// `closed`, `open` or `half-open`.
        public let state: String
        /// Consecutive retryable failures.
        public let consecutiveFailures: Int
        /// When an open circuit allows a trial call again.
        public let openUntil: Date?
        /// Attempts in the recent window (up to 100) and how many succeeded.
        public let recentAttempts: Int
        public let recentSuccesses: Int
    }

    private struct Entry {
        var failures = 0
        var openUntil: Date?
        var rateLimitedUntil: Date?
        var recent: [Bool] = []
        /// Whether `integration.circuit_opened` was announced and `…_closed` not yet.
        var announcedOpen = false
    }

    private let threshold: Int
    private let coolDown: Double
    private let entries = Mutex<[String: Entry]>([:])
    /// Where circuits opening and closing are announced (the calls that pass the integration).
    private let events: (any CustomerEventPublisher)?

    /// Creates breakers (default: open after 5 consecutive retryable failures, for 30 s); `events` receives
    /// `integration.circuit_opened` and `integration.circuit_closed`.
    public init(threshold: Int = 5, coolDown: Double = 30, events: (any CustomerEventPublisher)? = nil) {
        self.threshold = max(1, threshold)
        self.coolDown = coolDown
        self.events = events
    }

    /// The integrations selection passes over at `now`: circuit open, or rate limited by the provider.
    public func openCircuits(now: Date = Date()) -> Set<String> {
        entries.withLock { entries in
            Set(entries.compactMap { id, entry in
                (entry.openUntil.map { $0 > now } ?? false) || (entry.rateLimitedUntil.map { $0 > now } ?? false) ? id : nil
            })
        }
    }

    /// Records a rate limit: the integration is passed over for `seconds` (at most 15 minutes), without counting
    /// towards opening its circuit.
    public func recordRateLimit(_ id: String, seconds: Double, now: Date = Date()) {
        entries.withLock { entries in
            var entry = entries[id] ?? Entry()
            Self.remember(false, in: &entry)
            entry.rateLimitedUntil = now.addingTimeInterval(min(max(seconds, 0.1), 900))
            entries[id] = entry
        }
    }

    /// Records a success: the circuit closes.
    public func recordSuccess(_ id: String) {
        _ = success(id)
    }

    /// Records a success of an integration: the circuit closes, announced when it had been announced open.
    public func recordSuccess(_ integration: Integration, now: Date = Date()) {
        if success(integration.id) { announce(.circuitClosed, integration, now: now, openUntil: nil) }
    }

    /// Records a failure; retryable ones count towards opening the circuit.
    public func recordFailure(_ id: String, retryable: Bool, now: Date = Date()) {
        _ = failure(id, retryable: retryable, now: now)
    }

    /// Records a failure of an integration; the circuit opening is announced.
    public func recordFailure(_ integration: Integration, retryable: Bool, now: Date = Date()) {
        if let openUntil = failure(integration.id, retryable: retryable, now: now) {
            announce(.circuitOpened, integration, now: now, openUntil: openUntil)
        }
    }

    /// Whether a circuit announced open closed.
    private func success(_ id: String) -> Bool {
        entries.withLock { entries in
            var entry = entries[id] ?? Entry()
            entry.failures = 0
            entry.openUntil = nil
            Self.remember(true, in: &entry)
            defer { entry.announcedOpen = false; entries[id] = entry }
            return entry.announcedOpen
        }
    }

    /// Until when the circuit is open, when this failure opened it (and it was not announced open yet).
    private func failure(_ id: String, retryable: Bool, now: Date) -> Date? {
        entries.withLock { entries in
            var entry = entries[id] ?? Entry()
            Self.remember(false, in: &entry)
            var opened: Date?
            if retryable {
                entry.failures += 1
                if entry.failures >= threshold {
                    entry.openUntil = now.addingTimeInterval(coolDown)
                    if !entry.announcedOpen { opened = entry.openUntil }
                    entry.announcedOpen = true
                }
            }
            entries[id] = entry
            return opened
        }
    }

    private func announce(_ type: CustomerEventType, _ integration: Integration, now: Date, openUntil: Date?) {
        guard let events else { return }
        var data: [String: JSONValue] = [
            "integrationId": .string(integration.id), "identifier": .string(integration.identifier),
            "providerId": .string(integration.providerId), "channel": .string(integration.channel.rawValue),
        ]
        if let openUntil {
            data["openUntil"] = .string(openUntil.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        }
        let event = CustomerEvent(type: type, environmentId: integration.environmentId, occurredAt: now, data: .object(data))
        // Breakers change synchronously on the send path; the event is written to the outbox beside it.
        Task { await events.publish(event) }
    }

    /// The breaker's state for one integration.
    public func health(_ id: String, now: Date = Date()) -> Health {
        entries.withLock { entries in
            let entry = entries[id] ?? Entry()
            let state: String
            if let until = entry.openUntil { state = until > now ? "open" : "half-open" }
            else if let until = entry.rateLimitedUntil, until > now { state = "rate-limited" }
            else { state = "closed" }
            return Health(state: state, consecutiveFailures: entry.failures, openUntil: entry.openUntil,
                          recentAttempts: entry.recent.count, recentSuccesses: entry.recent.filter { $0 }.count)
        }
    }

    private static func remember(_ success: Bool, in entry: inout Entry) {
        entry.recent.append(success)
        if entry.recent.count > 100 { entry.recent.removeFirst(entry.recent.count - 100) }
    }
}
