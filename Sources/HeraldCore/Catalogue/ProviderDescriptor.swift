/// One provider of the catalogue: its id, display name, channel and credential schema.
public struct ProviderDescriptor: Sendable, Hashable {
    /// The provider id used on the wire (`providerId`), e.g. `sendgrid`.
    public let id: String
    /// The human-readable name, used as the default integration name.
    public let displayName: String
    /// The channel this provider delivers on.
    public let channel: Channel
    /// The credential keys this provider reads.
    public let credentials: [CredentialSpec]
    /// Whether the provider is marked beta in Novu's catalogue.
    public let beta: Bool

    /// Creates a descriptor.
    public init(id: String, displayName: String, channel: Channel, credentials: [CredentialSpec], beta: Bool = false) {
        self.id = id
        self.displayName = displayName
        self.channel = channel
        self.credentials = credentials
        self.beta = beta
    }

    /// The keys that must be present (non-empty) for an active integration.
    public var requiredKeys: [String] { credentials.filter(\.required).map(\.key) }
}

/// One credential field of a provider's schema.
public struct CredentialSpec: Sendable, Hashable {
    /// The form control a UI should render for this key.
    public enum Kind: String, Sendable, Hashable {
        case string, number, `switch`, dropdown, textarea, object
    }

    /// The credential key, one of ``CredentialKey``.
    public let key: String
    /// Whether an active integration must carry a value for it.
    public let required: Bool
    /// Whether the value is a secret (always encrypted at rest; Herald encrypts every credential anyway).
    public let secret: Bool
    /// The form control.
    public let kind: Kind

    /// Creates a spec.
    public init(_ key: String, required: Bool = false, secret: Bool = false, kind: Kind = .string) {
        self.key = key
        self.required = required
        self.secret = secret
        self.kind = kind
    }
}
