import Synchronization

/// A small map whose entries live for `ttl`; when it holds `maxEntries`, it starts over (a bound, not an LRU).
final class ExpiringMap<Value: Sendable>: Sendable {
    private struct Entry {
        let value: Value
        let expires: ContinuousClock.Instant
    }

    private let entries = Mutex<[String: Entry]>([:])
    let ttl: Duration
    private let maxEntries: Int
    let now: @Sendable () -> ContinuousClock.Instant

    init(ttl: Duration, maxEntries: Int, now: @escaping @Sendable () -> ContinuousClock.Instant) {
        self.ttl = ttl
        self.maxEntries = max(1, maxEntries)
        self.now = now
    }

    /// The value stored for `key`, unless it has expired.
    subscript(key: String) -> Value? {
        let instant = now()
        return entries.withLock { $0[key] }.flatMap { $0.expires > instant ? $0.value : nil }
    }

    /// Stores `value` for `key` for the next `ttl`.
    func store(_ value: Value, for key: String) {
        let entry = Entry(value: value, expires: now() + ttl)
        entries.withLock { entries in
            if entries.count >= maxEntries { entries.removeAll(keepingCapacity: true) }
            entries[key] = entry
        }
    }
}
