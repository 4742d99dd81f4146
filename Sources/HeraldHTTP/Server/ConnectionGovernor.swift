import Synchronization

/// Keeps the server's open HTTP connections under a cap below the descriptor limit. When a connection opens at the
/// cap, the connection that has been idle longest (no request in flight) is closed for it, so idle or silent clients
/// can never lock out new requests; when every connection is busy, the new one is refused instead.
public final class ConnectionGovernor: Sendable {
    /// Open connections at most.
    public let maxConnections: Int
    /// How long a request's head and body may take to arrive.
    public let requestReadTimeout: Duration

    private struct Entry {
        let close: @Sendable () -> Void
        var busy: Bool
        var idleSince: ContinuousClock.Instant
    }

    private struct State {
        var entries: [ObjectIdentifier: Entry] = [:]
        var shed = 0
        var refused = 0
    }

    private let state = Mutex(State())
    private let now: @Sendable () -> ContinuousClock.Instant

    /// Creates a governor; `now` is injectable for tests.
    public init(
        maxConnections: Int, requestReadTimeout: Duration,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.maxConnections = max(1, maxConnections)
        self.requestReadTimeout = requestReadTimeout
        self.now = now
    }

    /// A cap for this process: three quarters of the descriptor limit left after 64 for the database, provider
    /// connections and files, between 16 and 10,000.
    public static func defaultMaxConnections(descriptorLimit: Int) -> Int {
        min(10_000, max(16, (descriptorLimit - 64) * 3 / 4))
    }

    /// Registers a new connection; returns false when it must be refused (every other connection is busy).
    /// `close` asks it to close (called at most once, from any thread); a connection that has meanwhile become busy
    /// may decline and call ``readmit(_:close:)``.
    public func opened(_ id: ObjectIdentifier, close: @escaping @Sendable () -> Void) -> Bool {
        let instant = now()
        let (accepted, victims) = state.withLock { state -> (Bool, [@Sendable () -> Void]) in
            var victims: [@Sendable () -> Void] = []
            while state.entries.count >= maxConnections {
                guard let oldest = state.entries.filter({ !$0.value.busy }).min(by: { $0.value.idleSince < $1.value.idleSince })
                else { break }
                victims.append(oldest.value.close)
                state.entries[oldest.key] = nil
                state.shed += 1
            }
            guard state.entries.count < maxConnections else {
                state.refused += 1
                return (false, victims)
            }
            state.entries[id] = Entry(close: close, busy: false, idleSince: instant)
            return (true, victims)
        }
        for victim in victims { victim() }
        return accepted
    }

    /// Tracks again a connection that declined to close when it was chosen (a request arrived meanwhile).
    public func readmit(_ id: ObjectIdentifier, close: @escaping @Sendable () -> Void) {
        let instant = now()
        state.withLock { state in
            state.entries[id] = Entry(close: close, busy: true, idleSince: instant)
            state.shed -= 1
        }
    }

    /// A request started arriving on the connection.
    public func busy(_ id: ObjectIdentifier) {
        state.withLock { $0.entries[id]?.busy = true }
    }

    /// The connection's response is complete; it waits for the next request.
    public func idle(_ id: ObjectIdentifier) {
        let instant = now()
        state.withLock { state in
            state.entries[id]?.busy = false
            state.entries[id]?.idleSince = instant
        }
    }

    /// The connection closed.
    public func closed(_ id: ObjectIdentifier) {
        _ = state.withLock { $0.entries.removeValue(forKey: id) }
    }

    /// Open connections, idle connections closed for new ones, and connections refused, so far.
    public var counts: (open: Int, shed: Int, refused: Int) {
        state.withLock { ($0.entries.count, $0.shed, $0.refused) }
    }
}
