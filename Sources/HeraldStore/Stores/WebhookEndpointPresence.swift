import Foundation
import HeraldCore
import Synchronization

/// Which environments were just seen to have no endpoint for an event type, so that publishing an event nobody
/// subscribed to (the common case: every sent delivery publishes one) costs no database read. An entry holds for one
/// second; this instance's endpoint changes clear it at once, another instance's are seen within that second.
public final class WebhookEndpointPresence: Sendable {
    private struct State {
        var generation: UInt64 = 0
        var empty: [String: ContinuousClock.Instant] = [:]
    }
    private let state = Mutex(State())
    private let ttl: Duration

    /// Creates an empty cache; `ttl` is how long "no endpoint" is believed.
    public init(ttl: Duration = .seconds(1)) {
        self.ttl = ttl
    }

    private static func key(_ environmentId: String, _ type: CustomerEventType) -> String {
        environmentId + "\u{1}" + type.rawValue
    }

    /// Whether no endpoint of the environment wanted the type within the last second.
    func knownEmpty(_ environmentId: String, _ type: CustomerEventType) -> Bool {
        let key = Self.key(environmentId, type)
        return state.withLock { state in
            guard let seen = state.empty[key] else { return false }
            return ContinuousClock.now - seen < ttl
        }
    }

    /// The generation before a read; pass it back to ``recordEmpty(_:_:generation:)``.
    var generation: UInt64 { state.withLock { $0.generation } }

    /// Remembers that a read found no endpoint, unless an endpoint changed since the read began.
    func recordEmpty(_ environmentId: String, _ type: CustomerEventType, generation: UInt64) {
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.empty.count > 10_000 { state.empty.removeAll() }
            state.empty[Self.key(environmentId, type)] = .now
        }
    }

    /// Forgets everything (an endpoint was created, changed or deleted on this instance).
    func invalidate() {
        state.withLock { state in
            state.generation &+= 1
            state.empty.removeAll()
        }
    }
}
