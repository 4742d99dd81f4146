import Logging
import ServiceLifecycle
import Synchronization

/// The live ``ProviderSession`` of every integration in use, per revision of its credentials and configurations:
/// when they change, the next send gets a new session and the old one is shut down. Sessions are made single-flight
/// (32 concurrent sends through a new integration make one session). As a `Service`, it shuts every session down
/// when the server stops (after the workers, when listed before them).
public final class SessionCache: Service, Sendable {
    private struct Revision: Hashable {
        let credentials: Credentials
        let configurations: Configurations
    }

    private struct Entry {
        let revision: Revision
        let session: Task<any ProviderSession, any Error>
    }

    private let adapters: [String: any ProviderAdapter]
    private let entries = Mutex<[String: Entry]>([:])
    private let made = Mutex(0)

    /// Creates a cache over adapters (by each of their provider ids).
    public init(adapters: [any ProviderAdapter]) {
        var byId: [String: any ProviderAdapter] = [:]
        for adapter in adapters { for id in adapter.providerIds { byId[id] = adapter } }
        self.adapters = byId
    }

    /// The catalogue ids that have an adapter.
    public var supportedProviderIds: Set<String> { Set(adapters.keys) }

    /// The adapter for a provider, if Herald has one.
    public func adapter(for providerId: String) -> (any ProviderAdapter)? { adapters[providerId] }

    /// Sessions made so far (for tests).
    public var sessionsMade: Int { made.withLock { $0 } }

    /// The session for this integration's current revision, made on first use. Throws when the provider has no
    /// adapter or the adapter cannot make a session (a failed making is not kept).
    public func session(for integration: Integration) async throws -> any ProviderSession {
        guard let adapter = adapters[integration.providerId] else {
            throw ProviderFailure.misconfigured("Herald has no adapter for provider \(integration.providerId) yet")
        }
        let revision = Revision(credentials: integration.credentials, configurations: integration.configurations)
        let (task, retired) = entries.withLock { entries -> (Task<any ProviderSession, any Error>, Task<any ProviderSession, any Error>?) in
            if let entry = entries[integration.id], entry.revision == revision { return (entry.session, nil) }
            let task = Task { [self] in
                made.withLock { $0 += 1 }
                return try await adapter.makeSession(for: integration)
            }
            let old = entries[integration.id]?.session
            entries[integration.id] = Entry(revision: revision, session: task)
            return (task, old)
        }
        if let retired { Task { await (try? retired.value)?.shutdown() } }
        do {
            return try await task.value
        } catch {
            entries.withLock { entries in
                if entries[integration.id]?.session == task { entries[integration.id] = nil }
            }
            throw error
        }
    }

    /// A session for a preview of an integration (`check: true` before saving): not cached; the caller shuts it down.
    public func temporarySession(for integration: Integration) async throws -> (any ProviderSession)? {
        guard let adapter = adapters[integration.providerId] else { return nil }
        return try await adapter.makeSession(for: integration)
    }

    /// Shuts every session down and forgets them.
    public func shutdownAll() async {
        let all = entries.withLock { entries in
            defer { entries.removeAll() }
            return entries.values.map(\.session)
        }
        for task in all { await (try? task.value)?.shutdown() }
    }

    /// Waits for the server to stop, then shuts every session down.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdownAll()
    }
}
