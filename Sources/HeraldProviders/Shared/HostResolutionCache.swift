/// Addresses per host name for a short time, so a busy provider host is not resolved (on a thread of its own) for
/// every request. Failures are not kept. The outbound check was never a pin of the address the HTTP client connects
/// to (it resolves again), so a cache of a few seconds does not weaken it.
public final class HostResolutionCache: Sendable {
    /// The cache `AddressGuard` uses by default: 30 seconds, up to 1,024 hosts.
    public static let shared = HostResolutionCache(ttl: .seconds(30), maxEntries: 1024, resolve: AddressGuard.systemResolve)

    private let entries: ExpiringMap<[String]>
    private let resolve: @Sendable (String) async throws -> [String]

    /// Creates a cache over `resolve`; `now` is injectable for tests.
    public init(
        ttl: Duration, maxEntries: Int, resolve: @escaping @Sendable (String) async throws -> [String],
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.entries = ExpiringMap(ttl: ttl, maxEntries: maxEntries, now: now)
        self.resolve = resolve
    }

    /// An empty set of URLs with the same lifetime and clock as these resolutions (what `AddressGuard` allowed).
    func allowedURLs() -> ExpiringMap<Bool> {
        ExpiringMap(ttl: entries.ttl, maxEntries: 4096, now: entries.now)
    }

    /// The host's addresses, from the cache while fresh.
    public func addresses(for host: String) async throws -> [String] {
        if let cached = entries[host] { return cached }
        let addresses = try await resolve(host)
        if !addresses.isEmpty { entries.store(addresses, for: host) }
        return addresses
    }
}
