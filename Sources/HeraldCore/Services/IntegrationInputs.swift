/// A validated request to create an integration.
public struct CreateIntegrationInput: Sendable {
    /// The target environment.
    public var environmentId: String
    /// The catalogue provider id.
    public var providerId: String
    /// The channel.
    public var channel: Channel
    /// The name; defaults to the provider's display name.
    public var name: String?
    /// The identifier; defaults to slug(name) + "-" + random characters.
    public var identifier: String?
    /// The credentials.
    public var credentials: Credentials
    /// The configurations.
    public var configurations: Configurations
    /// Whether it starts active (default false).
    public var active: Bool
    /// Condition groups.
    public var conditions: [StepFilter]
    /// Whether to run the provider's check before saving.
    public var check: Bool

    /// Creates an input.
    public init(
        environmentId: String, providerId: String, channel: Channel, name: String? = nil, identifier: String? = nil,
        credentials: Credentials = .init(), configurations: Configurations = .init(), active: Bool = false,
        conditions: [StepFilter] = [], check: Bool = false
    ) {
        self.environmentId = environmentId
        self.providerId = providerId
        self.channel = channel
        self.name = name
        self.identifier = identifier
        self.credentials = credentials
        self.configurations = configurations
        self.active = active
        self.conditions = conditions
        self.check = check
    }
}

/// A validated request to update an integration; nil fields are left unchanged.
public struct UpdateIntegrationInput: Sendable {
    /// A new name.
    public var name: String?
    /// A new identifier.
    public var identifier: String?
    /// Moves the integration to another environment of the organization.
    public var environmentId: String?
    /// Activates or deactivates.
    public var active: Bool?
    /// Replaces the whole credentials object.
    public var credentials: Credentials?
    /// Replaces the configurations.
    public var configurations: Configurations?
    /// Replaces the conditions (`[]` clears them).
    public var conditions: [StepFilter]?
    /// Whether to run the provider's check before saving.
    public var check: Bool

    /// Creates an input.
    public init(
        name: String? = nil, identifier: String? = nil, environmentId: String? = nil, active: Bool? = nil,
        credentials: Credentials? = nil, configurations: Configurations? = nil, conditions: [StepFilter]? = nil,
        check: Bool = false
    ) {
        self.name = name
        self.identifier = identifier
        self.environmentId = environmentId
        self.active = active
        self.credentials = credentials
        self.configurations = configurations
        self.conditions = conditions
        self.check = check
    }

    /// Whether nothing would change (Novu: 400 `No properties found for update`).
    public var isEmpty: Bool {
        name == nil && identifier == nil && environmentId == nil && active == nil && credentials == nil
            && configurations == nil && conditions == nil
    }
}
