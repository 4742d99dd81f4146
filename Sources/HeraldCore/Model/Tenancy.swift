import Foundation

/// An organization: the owner of environments.
public struct Organization: Sendable, Hashable {
    /// The record id.
    public var id: String
    /// The display name.
    public var name: String
    /// Creation time.
    public var createdAt: Date

    /// Creates an organization value.
    public init(id: String, name: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }
}

/// An environment of an organization ("Development", "Production"), reached with its secret API key.
public struct Environment: Sendable, Hashable {
    /// The record id.
    public var id: String
    /// The owning organization.
    public var organizationId: String
    /// The unique name within the organization.
    public var name: String
    /// Creation time.
    public var createdAt: Date
    /// Incremented by every committed change to the environment's integrations (validates cached listings).
    public var integrationsRevision: Int64

    /// Creates an environment value.
    public init(id: String, organizationId: String, name: String, createdAt: Date, integrationsRevision: Int64 = 0) {
        self.id = id
        self.organizationId = organizationId
        self.name = name
        self.createdAt = createdAt
        self.integrationsRevision = integrationsRevision
    }
}

/// Who is calling: an environment's API key, or the operator's admin token.
public enum Principal: Sendable, Hashable {
    /// `Authorization: ApiKey …`: scoped to one environment, never sees credentials.
    case apiKey(Environment)
    /// `Authorization: Bearer <admin token>`: the operator of the organization; sees credentials.
    case admin(organizationId: String)

    /// The organization the caller acts in.
    public var organizationId: String {
        switch self {
        case .apiKey(let environment): environment.organizationId
        case .admin(let organizationId): organizationId
        }
    }

    /// Whether responses may carry decrypted credentials.
    public var mayReadCredentials: Bool {
        if case .admin = self { return true }
        return false
    }

    /// An identifier of the caller for audit fields such as `deletedBy`.
    public var actorId: String {
        switch self {
        case .apiKey(let environment): "apikey:\(environment.id)"
        case .admin: "admin"
        }
    }
}
