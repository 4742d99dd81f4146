import HeraldCore
import Synchronization

/// Addresses per host name for a short time, so a busy provider host is not resolved for every request; failures
/// are kept briefly too (a stream of deliveries to an unresolvable name costs one lookup, not one each), and
/// concurrent lookups of one name share a single resolution. The outbound check was never a pin of the address the
/// HTTP client connects to (it resolves again), so a cache of a few seconds does not weaken it.
public final class HostResolutionCache: Sendable {
    /// The cache `AddressGuard` uses by default: 30 seconds (failures 5 s), up to 1,024 hosts, over the bounded
    /// system resolver.
    public static let shared = HostResolutionCache(
        ttl: .seconds(30), failureTTL: .seconds(5), maxEntries: 1024,
        resolve: { try await SystemResolver.shared.addresses(for: $0) })

    private let entries: ExpiringMap<[String]>
    private let failures: ExpiringMap<Bool>
    private let inflight = Mutex<[String: Task<[String], any Error>]>([:])
    private let resolve: @Sendable (String) async throws -> [String]

    /// Creates a cache over `resolve`; `now` is injectable for tests.
    public init(
        ttl: Duration, failureTTL: Duration = .seconds(5), maxEntries: Int,
        resolve: @escaping @Sendable (String) async throws -> [String],
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.entries = ExpiringMap(ttl: ttl, maxEntries: maxEntries, now: now)
        self.failures = ExpiringMap(ttl: failureTTL, maxEntries: maxEntries, now: now)
        self.resolve = resolve
    }

    /// An empty set of URLs with the same lifetime and clock as these resolutions (what `AddressGuard` allowed).
    func allowedURLs() -> ExpiringMap<Bool> {
        ExpiringMap(ttl: entries.ttl, maxEntries: 4096, now: entries.now)
    }

    /// The host's addresses, from the cache while fresh; a recent failure fails again at once.
    public func addresses(for host: String) async throws -> [String] {
        if let cached = entries[host] { return cached }
        if failures[host] != nil { throw ProviderFailure(.connection, "the host cannot be resolved (failed moments ago)") }
        let task = inflight.withLock { running -> Task<[String], any Error> in
            if let task = running[host] { return task }
            let task = Task { [self] in
                defer { _ = inflight.withLock { $0.removeValue(forKey: host) } }
                do {
                    let addresses = try await resolve(host)
                    if addresses.isEmpty { failures.store(true, for: host) } else { entries.store(addresses, for: host) }
                    return addresses
                } catch {
                    failures.store(true, for: host)
                    throw error
                }
            }
            running[host] = task
            return task
        }
        return try await task.value
    }
}
