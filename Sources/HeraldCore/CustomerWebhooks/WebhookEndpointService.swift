import Foundation

/// The webhook endpoint use cases: create (the secret is shown once), read, list, update, delete, rotate the
/// secret, and the attempt log.
public struct WebhookEndpointService: Sendable {
    private let store: any WebhookEndpointStore
    private let outbox: any WebhookOutbox
    private let outbound: any OutboundGuard
    private let now: @Sendable () -> Date
    /// The most endpoints one environment keeps.
    public static let maxEndpoints = 50

    /// Creates the service.
    public init(
        store: any WebhookEndpointStore, outbox: any WebhookOutbox, outbound: any OutboundGuard,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.outbox = outbox
        self.outbound = outbound
        // Stored times have millisecond precision; answer with exactly what a later read returns.
        self.now = { Date(timeIntervalSince1970: (now().timeIntervalSince1970 * 1000).rounded() / 1000) }
    }

    /// Creates an endpoint with a new secret (the returned value is the only time it is shown).
    public func create(_ input: WebhookEndpointInput, environment: Environment) async throws -> WebhookEndpoint {
        guard let url = input.url else { throw HeraldError.validation(["url should not be empty"]) }
        try await checkOutbound(url)
        if try await store.list(environmentId: environment.id).count >= Self.maxEndpoints {
            throw HeraldError.validation(["an environment keeps at most \(Self.maxEndpoints) webhook endpoints"])
        }
        let timestamp = now()
        let endpoint = WebhookEndpoint(
            id: Identifiers.objectId(now: timestamp), environmentId: environment.id,
            organizationId: environment.organizationId, url: url, eventTypes: input.eventTypes ?? [],
            enabled: input.enabled ?? true, description: input.description ?? nil, secret: .generate(),
            createdAt: timestamp, updatedAt: timestamp)
        try await store.insert(endpoint)
        return endpoint
    }

    /// An endpoint of the environment, or 404.
    public func get(id: String, environmentId: String) async throws -> WebhookEndpoint {
        guard let found = try await store.find(id: id, environmentId: environmentId) else { throw Self.notFound(id) }
        return found
    }

    /// The environment's endpoints, newest first.
    public func list(environmentId: String) async throws -> [WebhookEndpoint] {
        try await store.list(environmentId: environmentId)
    }

    /// Changes the fields that are set; 404 when the endpoint does not exist.
    public func update(id: String, _ input: WebhookEndpointInput, environmentId: String) async throws -> WebhookEndpoint {
        if let url = input.url { try await checkOutbound(url) }
        let timestamp = now()
        guard let updated = try await store.update(id: id, environmentId: environmentId, { endpoint in
            if let url = input.url { endpoint.url = url }
            if let types = input.eventTypes { endpoint.eventTypes = types }
            if let enabled = input.enabled { endpoint.enabled = enabled }
            if let description = input.description { endpoint.description = description }
            endpoint.updatedAt = timestamp
        }) else { throw Self.notFound(id) }
        return updated
    }

    /// Replaces the secret (the returned value is the only time the new one is shown); the old one stops signing
    /// at once.
    public func rotateSecret(id: String, environmentId: String) async throws -> WebhookEndpoint {
        let timestamp = now()
        let secret = WebhookSecret.generate()
        guard let updated = try await store.update(id: id, environmentId: environmentId, { endpoint in
            endpoint.secret = secret
            endpoint.updatedAt = timestamp
        }) else { throw Self.notFound(id) }
        return updated
    }

    /// Removes an endpoint, its pending messages and its attempt log; 404 when it does not exist.
    public func delete(id: String, environmentId: String) async throws {
        if try await !store.delete(id: id, environmentId: environmentId) { throw Self.notFound(id) }
    }

    /// A page of an endpoint's attempts, newest first, and the total; 404 when the endpoint does not exist.
    public func attempts(id: String, environmentId: String, page: Int, limit: Int) async throws
        -> (attempts: [WebhookAttempt], total: Int)
    {
        _ = try await get(id: id, environmentId: environmentId)
        return try await outbox.attempts(endpointId: id, environmentId: environmentId, limit: limit, offset: page * limit)
    }

    /// 404 for an endpoint id.
    public static func notFound(_ id: String) -> HeraldError {
        HeraldError.notFound("Webhook endpoint \(id) not found")
    }

    /// 422 when the outbound guard refuses the URL (its message names the kind of address, never the URL).
    private func checkOutbound(_ url: String) async throws {
        do {
            try await outbound.check(url)
        } catch let failure as ProviderFailure {
            throw HeraldError.validation(["url is refused: \(failure.message)"])
        }
    }
}
