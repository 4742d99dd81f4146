import Foundation

/// A configured provider that one environment uses to send on one channel.
public struct Integration: Sendable, Hashable {
    /// The record id (24 hex characters, like a Mongo ObjectId).
    public var id: String
    /// The owning environment.
    public var environmentId: String
    /// The owning organization.
    public var organizationId: String
    /// The display name.
    public var name: String
    /// The identifier, unique among the environment's non-deleted integrations.
    public var identifier: String
    /// The catalogue provider id.
    public var providerId: String
    /// The channel.
    public var channel: Channel
    /// The provider credentials (plaintext in memory; sealed at rest).
    public var credentials: Credentials
    /// Additional configuration.
    public var configurations: Configurations
    /// Whether the integration takes part in delivery.
    public var active: Bool
    /// Whether the integration is soft-deleted.
    public var deleted: Bool
    /// When it was soft-deleted.
    public var deletedAt: Date?
    /// Who soft-deleted it.
    public var deletedBy: String?
    /// Whether it is the channel's primary (email and sms only).
    public var primary: Bool
    /// Its rank among the channel's active integrations (N…1; 0 when inactive).
    public var priority: Int
    /// Condition groups deciding when it is used.
    public var conditions: [StepFilter]
    /// Creation time.
    public var createdAt: Date
    /// Last update time.
    public var updatedAt: Date

    /// Creates an integration value.
    public init(
        id: String, environmentId: String, organizationId: String, name: String, identifier: String,
        providerId: String, channel: Channel, credentials: Credentials = .init(),
        configurations: Configurations = .init(), active: Bool = false, deleted: Bool = false,
        deletedAt: Date? = nil, deletedBy: String? = nil, primary: Bool = false, priority: Int = 0,
        conditions: [StepFilter] = [], createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.environmentId = environmentId
        self.organizationId = organizationId
        self.name = name
        self.identifier = identifier
        self.providerId = providerId
        self.channel = channel
        self.credentials = credentials
        self.configurations = configurations
        self.active = active
        self.deleted = deleted
        self.deletedAt = deletedAt
        self.deletedBy = deletedBy
        self.primary = primary
        self.priority = priority
        self.conditions = conditions
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Whether any condition group is set.
    public var hasConditions: Bool { !conditions.isEmpty }
}
