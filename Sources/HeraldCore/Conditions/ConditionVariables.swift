/// The variables conditions read: `tenant.*`, `subscriber.*` and `payload.*`.
public struct ConditionVariables: Sendable, Hashable {
    /// The tenant object of the delivery (e.g. `{identifier, data: {region}}`).
    public var tenant: JSONValue?
    /// The subscriber object.
    public var subscriber: JSONValue?
    /// The payload object.
    public var payload: JSONValue?

    /// Creates variables.
    public init(tenant: JSONValue? = nil, subscriber: JSONValue? = nil, payload: JSONValue? = nil) {
        self.tenant = tenant
        self.subscriber = subscriber
        self.payload = payload
    }

    /// The value at `field` (a dotted path) inside the scope, or nil when undefined.
    public func value(on scope: FilterPart.Scope, field: String) -> JSONValue? {
        let root: JSONValue? = switch scope {
        case .tenant: tenant
        case .subscriber: subscriber
        case .payload: payload
        }
        return root?.value(atPath: field)
    }
}
