/// Additional configuration of an integration (Novu's `ConfigurationsDto`).
public struct Configurations: Sendable, Hashable, Codable {
    /// Whether inbound delivery-status webhooks are enabled.
    public var inboundWebhookEnabled: Bool?
    /// The key that signs inbound webhooks (a secret: encrypted at rest, hidden from ApiKey callers).
    public var inboundWebhookSigningKey: String?
    /// The SES configuration set name.
    public var configurationSetName: String?
    /// Cross-channel inbox count for push (`none`, `unread`, `unseen`).
    public var inboxCount: String?
    /// Free-form push resources.
    public var pushResources: JSONValue?
    /// Herald: at most this many provider calls in flight through this integration (per instance).
    public var maxConcurrency: Int?
    /// Herald: at most this many provider calls per second through this integration (per instance).
    public var maxPerSecond: Double?

    /// Creates configurations.
    public init(
        inboundWebhookEnabled: Bool? = nil,
        inboundWebhookSigningKey: String? = nil,
        configurationSetName: String? = nil,
        inboxCount: String? = nil,
        pushResources: JSONValue? = nil,
        maxConcurrency: Int? = nil,
        maxPerSecond: Double? = nil
    ) {
        self.maxConcurrency = maxConcurrency
        self.maxPerSecond = maxPerSecond
        self.inboundWebhookEnabled = inboundWebhookEnabled
        self.inboundWebhookSigningKey = inboundWebhookSigningKey
        self.configurationSetName = configurationSetName
        self.inboxCount = inboxCount
        self.pushResources = pushResources
    }

    /// The same configurations without secret values, for ApiKey callers.
    public var redacted: Configurations {
        var copy = self
        copy.inboundWebhookSigningKey = nil
        return copy
    }

    /// Validates a JSON object; unknown keys and wrong types are reported by name.
    public static func validate(_ json: JSONValue) throws -> Configurations {
        guard case .object(let members) = json else {
            throw HeraldError.validation(["configurations must be an object"])
        }
        var result = Configurations()
        var problems: [String] = []
        for (key, value) in members.sorted(by: { $0.key < $1.key }) {
            if case .null = value { continue }
            switch key {
            case "inboundWebhookEnabled":
                if let bool = value.boolValue { result.inboundWebhookEnabled = bool } else {
                    problems.append("configurations.inboundWebhookEnabled must be a boolean")
                }
            case "inboundWebhookSigningKey", "configurationSetName", "inboxCount":
                guard let text = value.stringValue else {
                    problems.append("configurations.\(key) must be a string")
                    continue
                }
                if key == "inboundWebhookSigningKey" { result.inboundWebhookSigningKey = text }
                if key == "configurationSetName" { result.configurationSetName = text }
                if key == "inboxCount" { result.inboxCount = text }
            case "pushResources":
                result.pushResources = value
            case "maxConcurrency":
                if let number = value.numberValue, number.rounded() == number, (1...10_000).contains(number) {
                    result.maxConcurrency = Int(number)
                } else {
                    problems.append("configurations.maxConcurrency must be a whole number from 1 to 10000")
                }
            case "maxPerSecond":
                if let number = value.numberValue, number > 0, number <= 100_000 {
                    result.maxPerSecond = number
                } else {
                    problems.append("configurations.maxPerSecond must be a number above 0 and at most 100000")
                }
            default:
                problems.append("configurations.\(key) is not a known configuration key")
            }
        }
        if !problems.isEmpty { throw HeraldError.validation(problems) }
        return result
    }
}
