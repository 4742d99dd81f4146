import HeraldCore

/// ClickSend SMS: `POST https://rest.clicksend.com/v3/sms/send`, Basic auth (username, API key), JSON
/// `{"messages": [{from, to, body, custom_string}]}` (the delivery id as `custom_string`, echoed in delivery
/// reports). Overrides (`overrides.clicksend`) merge into the top-level body. ClickSend answers 200 with a status per
/// message: anything but `SUCCESS` is a failure classified by that status. The id is
/// `data.messages[0].message_id`; error answers `{http_code, response_code, response_msg}` are classified by
/// `response_code`. The check reads the account (`GET /v3/account`).
public struct ClickSendAdapter: StatelessProviderAdapter {
    public let providerIds = ["clicksend"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["user", "apiKey", "from", "baseUrl"] }
    static let api = JSONPostAPI(
        Endpoint("https://rest.clicksend.com"), path: "/v3/sms/send",
        auth: { .basic(user: try $0.required("user"), password: try $0.required("apiKey")) },
        messageId: "data.messages.0.message_id", errorCode: "response_code")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let sms = try SMSFields.sms(message, "clicksend")
        let credentials = CredentialReader(integration.credentials)
        let body: JSONValue = .object(["messages": .array([.object([
            "from": .string(try sms.from ?? credentials.required("from")), "to": .string(sms.to), "body": .string(sms.content),
            "custom_string": .string(context.deliveryId),
        ])])])
        let response = try await Self.codes.classify {
            try await Self.api.post(body, integration: integration, context: context, http: http)
        }
        let first = response.json?.value(atDottedPath: "data.messages.0")
        let status = first?.value(atPath: "status")?.stringValue
        guard status == "SUCCESS" else {
            throw Self.codes.failure(status, response.json?.value(atPath: "response_msg")?.stringValue, status: response.status)
        }
        return ProviderReceipt(messageId: SMSFields.text(first?.value(atPath: "message_id")))
    }

    public func check(_ integration: Integration) async throws -> CheckResult {
        _ = try await Self.codes.classify { try await Self.api.get("/v3/account", integration: integration, http: http) }
        return .passed
    }

    /// ClickSend response codes and message statuses.
    static let codes = ProviderErrorCodes([
        "UNAUTHORIZED": .badCredentials,
        "FORBIDDEN": .badCredentials,
        "TOO_MANY_REQUESTS": .rateLimited,
        "INTERNAL_SERVER_ERROR": .providerUnavailable,
        "INVALID_RECIPIENT": .invalidRecipient,
        "INSUFFICIENT_CREDIT": .quotaExceeded,
        "COUNTRY_NOT_ENABLED": .rejected,
        "INVALID_SENDER_ID": .misconfigured,
    ])
}
