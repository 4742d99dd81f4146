import Synchronization

/// Addresses per host name for a short time, so a busy provider host is not resolved (on a thread of its own) for
/// every request. Failures are not kept. The outbound check was never a pin of the address the HTTP client connects
/// to (it resolves again), so a cache of a few seconds does not weaken it.
public final class HostResolutionCache: Sendable {
    /// The cache `AddressGuard` uses by default: 30 seconds, up to 1,024 hosts.
    public static let shared = HostResolutionCache(ttl: .seconds(30), maxEntries: 1024, resolve: AddressGuard.systemResolve)

    private struct Entry {
        let addresses: [String]
        let expires: ContinuousClock.Instant
    }

    private let entries = Mutex<[String: Entry]>([:])
    let ttl: Duration
    private let maxEntries: Int
    private let resolve: @Sendable (String) async throws -> [String]
    let now: @Sendable () -> ContinuousClock.Instant

    /// Creates a cache over `resolve`; `now` is injectable for tests.
    public init(
        ttl: Duration, maxEntries: Int, resolve: @escaping @Sendable (String) async throws -> [String],
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.ttl = ttl
        self.maxEntries = max(1, maxEntries)
        self.resolve = resolve
        self.now = now
    }

    /// The host's addresses, from the cache while fresh.
    public func addresses(for host: String) async throws -> [String] {
        let instant = now()
        if let entry = entries.withLock({ $0[host] }), entry.expires > instant { return entry.addresses }
        let addresses = try await resolve(host)
        guard !addresses.isEmpty else { return addresses }
        entries.withLock { entries in
            if entries.count >= maxEntries { entries.removeAll(keepingCapacity: true) }
            entries[host] = Entry(addresses: addresses, expires: instant + ttl)
        }
        return addresses
    }
}
