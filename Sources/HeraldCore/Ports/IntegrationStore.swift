/// Storage of integrations. Reads see committed data; every change runs in ``write(environmentIds:_:)``.
public protocol IntegrationStore: Sendable {
    /// The non-deleted integrations of an environment (or of every environment of an organization), oldest first.
    /// Without `withSecrets` nothing is decrypted: credentials come back empty and the signing key nil.
    func list(scope: IntegrationScope, activeOnly: Bool, withSecrets: Bool) async throws -> [Integration]
    /// A non-deleted integration by id within an organization.
    func find(id: String, organizationId: String) async throws -> Integration?
    /// The environment's integrations revision, bumped by every committed integration change.
    func revision(environmentId: String) async throws -> Int64
    /// The recorded changes of an integration (deleted ones too) within an organization, newest first, at most `limit`.
    func history(integrationId: String, organizationId: String, limit: Int) async throws -> [IntegrationHistoryEntry]
    /// Runs `body` in one transaction that holds the write lock of the named environments.
    func write<T: Sendable>(
        environmentIds: [String],
        _ body: @Sendable (any IntegrationTransaction) async throws -> T
    ) async throws -> T
}

/// Which integrations a listing covers.
public enum IntegrationScope: Sendable, Hashable {
    /// One environment.
    case environment(String)
    /// Every environment of an organization.
    case organization(String)
}

/// The operations available inside a write transaction.
public protocol IntegrationTransaction: Sendable {
    /// The non-deleted integrations of one environment and channel.
    func integrations(environmentId: String, channel: Channel) async throws -> [Integration]
    /// A non-deleted integration by id within an organization.
    func find(id: String, organizationId: String) async throws -> Integration?
    /// The non-deleted integrations of an environment with that provider.
    func integrations(environmentId: String, providerId: String) async throws -> [Integration]
    /// Whether a non-deleted integration other than `excluding` uses the identifier in the environment.
    func identifierTaken(_ identifier: String, environmentId: String, excluding: String?) async throws -> Bool
    /// Inserts a new integration.
    func insert(_ integration: Integration) async throws
    /// Writes every field of an existing integration.
    func update(_ integration: Integration) async throws
    /// Appends a history entry (committed or rolled back with the change it describes).
    func record(_ entry: IntegrationHistoryEntry) async throws
}
