import Foundation

/// The subscriber use cases, Novu's way: create-or-update, read, list, update, delete, and per-integration
/// credentials (replace, merge, remove).
public struct SubscriberService: Sendable {
    private let store: any SubscriberStore
    private let integrations: any IntegrationStore
    private let now: @Sendable () -> Date
    /// The most channel entries one subscriber keeps.
    public static let maxChannels = 100

    /// Creates the service.
    public init(store: any SubscriberStore, integrations: any IntegrationStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.integrations = integrations
        // Stored times have millisecond precision; answer with exactly what a later read returns.
        self.now = { Date(timeIntervalSince1970: (now().timeIntervalSince1970 * 1000).rounded() / 1000) }
    }

    /// Creates the subscriber, or updates it when its subscriberId exists (as Novu's `POST /v1/subscribers` does).
    public func createOrUpdate(_ input: CreateSubscriberInput, environment: Environment) async throws -> Subscriber {
        var resolved: [(SubscriberCredentialsInput, Integration)] = []
        for entry in input.channels { resolved.append((entry, try await integration(for: entry, environmentId: environment.id))) }
        let timestamp = now()
        let change: @Sendable (inout Subscriber) throws -> Void = { [resolved] subscriber in
            input.profile.apply(to: &subscriber)
            for (entry, integration) in resolved { try Self.put(entry, integration: integration, into: &subscriber, merge: false) }
            subscriber.updatedAt = timestamp
        }
        if let updated = try await store.update(
            environmentId: environment.id, subscriberId: input.subscriberId, change) { return updated }
        var subscriber = Subscriber(
            id: Identifiers.objectId(now: timestamp), environmentId: environment.id,
            organizationId: environment.organizationId, subscriberId: input.subscriberId, createdAt: timestamp,
            updatedAt: timestamp)
        try change(&subscriber)
        do {
            try await store.insert(subscriber)
            return subscriber
        } catch let error as HeraldError where error.kind == .conflict {
            // Created concurrently by another request: update that one instead.
            guard let updated = try await store.update(
                environmentId: environment.id, subscriberId: input.subscriberId, change) else { throw error }
            return updated
        }
    }

    /// A subscriber of the environment, or 404.
    public func get(subscriberId: String, environmentId: String) async throws -> Subscriber {
        guard let found = try await store.find(environmentId: environmentId, subscriberId: subscriberId) else {
            throw Self.notFound(subscriberId)
        }
        return found
    }

    /// A page of subscribers, newest first, and the total.
    public func list(environmentId: String, page: Int, limit: Int) async throws -> (subscribers: [Subscriber], total: Int) {
        try await store.list(environmentId: environmentId, limit: limit, offset: page * limit)
    }

    /// Updates the profile fields that are set; 404 when the subscriber does not exist.
    public func update(subscriberId: String, _ profile: SubscriberProfile, environmentId: String) async throws -> Subscriber {
        let timestamp = now()
        guard let updated = try await store.update(environmentId: environmentId, subscriberId: subscriberId, { subscriber in
            profile.apply(to: &subscriber)
            subscriber.updatedAt = timestamp
        }) else { throw Self.notFound(subscriberId) }
        return updated
    }

    /// Removes a subscriber; 404 when it does not exist.
    public func delete(subscriberId: String, environmentId: String) async throws {
        if try await !store.delete(environmentId: environmentId, subscriberId: subscriberId) { throw Self.notFound(subscriberId) }
    }

    /// Saves credentials for the integration `input` names: `merge` false replaces that integration's credentials,
    /// true merges them (device tokens appended without duplicates).
    public func setCredentials(
        subscriberId: String, _ input: SubscriberCredentialsInput, merge: Bool, environmentId: String
    ) async throws -> Subscriber {
        let integration = try await integration(for: input, environmentId: environmentId)
        let timestamp = now()
        guard let updated = try await store.update(environmentId: environmentId, subscriberId: subscriberId, { subscriber in
            try Self.put(input, integration: integration, into: &subscriber, merge: merge)
            subscriber.updatedAt = timestamp
        }) else { throw Self.notFound(subscriberId) }
        return updated
    }

    /// Removes every credential entry of a provider; 404 when the subscriber does not exist.
    public func deleteCredentials(subscriberId: String, providerId: String, environmentId: String) async throws {
        let timestamp = now()
        guard try await store.update(environmentId: environmentId, subscriberId: subscriberId, { subscriber in
            subscriber.channels.removeAll { $0.providerId == providerId }
            subscriber.updatedAt = timestamp
        }) != nil else { throw Self.notFound(subscriberId) }
    }

    // MARK: - Helpers

    public static func notFound(_ subscriberId: String) -> HeraldError {
        HeraldError.notFound("Subscriber not found for id \(subscriberId)")
    }

    /// The newest active integration of the provider (with that identifier, when given), as Novu picks it.
    private func integration(for input: SubscriberCredentialsInput, environmentId: String) async throws -> Integration {
        let candidates = try await integrations.list(scope: .environment(environmentId), activeOnly: true, withSecrets: false)
            .filter { $0.providerId == input.providerId }
            .filter { input.integrationIdentifier == nil || $0.identifier == input.integrationIdentifier }
        guard let newest = candidates.max(by: { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }) else {
            let which = input.integrationIdentifier.map { " \(input.providerId) integration with identifier \($0)" }
                ?? " \(input.providerId) integration"
            throw HeraldError.notFound("Subscribers environment (\(environmentId)) do not have active\(which).")
        }
        return newest
    }

    static func put(_ input: SubscriberCredentialsInput, integration: Integration, into subscriber: inout Subscriber, merge: Bool) throws {
        if let index = subscriber.channels.firstIndex(where: { $0.integrationId == integration.id }) {
            let current = subscriber.channels[index].credentials
            subscriber.channels[index].credentials = merge ? current.merging(input.credentials) : input.credentials
            subscriber.channels[index].integrationIdentifier = integration.identifier
            return
        }
        if subscriber.channels.count >= maxChannels {
            throw HeraldError.validation(["channels: a subscriber keeps at most \(maxChannels) credential entries"])
        }
        subscriber.channels.append(SubscriberChannel(
            providerId: integration.providerId, integrationIdentifier: integration.identifier,
            integrationId: integration.id, credentials: input.credentials))
    }
}
