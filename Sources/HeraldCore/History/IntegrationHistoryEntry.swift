import Foundation

/// One recorded change to an integration: who, when, what kind of change, which fields and which credential keys.
///
/// Entries never carry a credential or configuration value: for those only the names of the keys that changed.
public struct IntegrationHistoryEntry: Sendable, Hashable {
    /// What happened to the integration.
    public enum Action: String, Sendable, Hashable, CaseIterable {
        case created, updated, activated, deactivated
        case setPrimary = "set_primary"
        /// Its primary flag or priority moved because of a change to another integration (see ``cause``).
        case reranked
        case deleted
    }

    /// Who made the change.
    public enum Actor: Sendable, Hashable {
        /// An environment's API key.
        case apiKey(environmentId: String)
        /// The operator's admin token (the API's `Bearer` token or the dashboard).
        case admin

        /// The actor of a principal.
        public init(_ principal: Principal) {
            switch principal {
            case .apiKey(let environment): self = .apiKey(environmentId: environment.id)
            case .admin: self = .admin
            }
        }
    }

    /// One changed field. `from`/`to` are set for plain fields (name, identifier, active, primary, priority,
    /// environment); for `conditions` they are the numbers of condition groups; for configuration keys they are nil.
    public struct FieldChange: Sendable, Hashable {
        /// The field name on the wire (`name`, `active`, `conditions`, `configurations.maxConcurrency`, …).
        public var field: String
        /// The value before (nil on create or for configuration keys).
        public var from: JSONValue?
        /// The value after (nil for configuration keys).
        public var to: JSONValue?

        /// Creates a change.
        public init(field: String, from: JSONValue?, to: JSONValue?) {
            self.field = field
            self.from = from
            self.to = to
        }
    }

    /// The credential keys that changed, by name only.
    public struct CredentialKeyChanges: Sendable, Hashable {
        /// Keys set now that were not set before.
        public var added: [String]
        /// Keys set before that are gone.
        public var removed: [String]
        /// Keys set before and after with a different value.
        public var changed: [String]

        /// Creates the key changes.
        public init(added: [String] = [], removed: [String] = [], changed: [String] = []) {
            self.added = added
            self.removed = removed
            self.changed = changed
        }

        /// Whether no key changed.
        public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }
    }

    /// The store's sequence number (0 before it is stored); entries of one integration are ordered by it.
    public var sequence: Int64
    /// The integration changed.
    public var integrationId: String
    /// The integration's environment after the change.
    public var environmentId: String
    /// The organization.
    public var organizationId: String
    /// Who made the change.
    public var actor: Actor
    /// What kind of change.
    public var action: Action
    /// The fields that changed.
    public var changes: [FieldChange]
    /// The credential keys that changed (never values).
    public var credentialKeys: CredentialKeyChanges
    /// For ``Action/reranked``: the integration whose change moved this one.
    public var causedBy: String?
    /// When the change was committed (the time of the request).
    public var createdAt: Date

    /// Creates an entry.
    public init(
        sequence: Int64 = 0, integrationId: String, environmentId: String, organizationId: String, actor: Actor,
        action: Action, changes: [FieldChange], credentialKeys: CredentialKeyChanges = .init(),
        causedBy: String? = nil, createdAt: Date
    ) {
        self.sequence = sequence
        self.integrationId = integrationId
        self.environmentId = environmentId
        self.organizationId = organizationId
        self.actor = actor
        self.action = action
        self.changes = changes
        self.credentialKeys = credentialKeys
        self.causedBy = causedBy
        self.createdAt = createdAt
    }
}
