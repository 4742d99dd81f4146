import HeraldCore

/// MessageBird (Bird) SMS: `POST https://rest.messagebird.com/messages`, `Authorization: AccessKey <key>`, JSON
/// `{originator, recipients: [number], body, reference}` (the delivery id as the reference). Overrides
/// (`overrides.messagebird`) are MessageBird's fields (`reportUrl`, `validity`, `datacoding`, …). The id is `id`;
/// errors `{"errors": [{code, description, parameter}]}` are classified by MessageBird's codes. The check reads the
/// balance (`GET /balance`).
public struct MessageBirdAdapter: StatelessProviderAdapter {
    public let providerIds = ["messagebird"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["accessKey", "from", "baseUrl"] }
    static let api = JSONPostAPI(
        Endpoint("https://rest.messagebird.com"), path: "/messages",
        auth: { .header("Authorization", "AccessKey " + (try $0.required("accessKey"))) },
        messageId: "id", errorCode: "errors.0.code")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let sms = try SMSFields.sms(message, "messagebird")
        let credentials = CredentialReader(integration.credentials)
        let body: JSONValue = .object([
            "originator": .string(try sms.from ?? credentials.required("from")), "recipients": .array([.string(sms.to)]),
            "body": .string(sms.content), "reference": .string(context.deliveryId),
        ])
        return try await Self.codes.classify {
            try await Self.api.send(body, integration: integration, context: context, http: http)
        }
    }

    public func check(_ integration: Integration) async throws -> CheckResult {
        _ = try await Self.codes.classify { try await Self.api.get("/balance", integration: integration, http: http) }
        return .passed
    }

    /// MessageBird REST API error codes.
    static let codes = ProviderErrorCodes([
        "2": .badCredentials,        // request not allowed (incorrect access key)
        "9": .rejected,              // missing parameters
        "10": .rejected,             // invalid parameters
        "20": .misconfigured,        // not found
        "21": .rejected,             // bad request
        "25": .quotaExceeded,        // not enough balance
        "98": .misconfigured,        // API not found
        "99": .providerUnavailable,  // internal error
    ])
}
