import HeraldCore

/// Brevo transactional SMS: `POST https://api.brevo.com/v3/transactionalSMS/send` (the endpoint Brevo recommends
/// since deprecating `/v3/transactionalSMS/sms`), `api-key` header, JSON `{sender, recipient, content, type}` with
/// the recipient's number without `+`. Overrides (`overrides.brevo-sms`) are Brevo's fields (`tag`, `webUrl`,
/// `unicodeEnabled`, `organisationPrefix`, `type`). The id is `messageId` (a number, kept as text); errors
/// `{code, message}` are classified by `code`. The check reads the account (`GET /v3/account`).
public struct BrevoSMSAdapter: StatelessProviderAdapter {
    public let providerIds = ["brevo-sms"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiKey", "from", "baseUrl"] }
    static let api = JSONPostAPI(
        Endpoint("https://api.brevo.com"), path: "/v3/transactionalSMS/send",
        auth: { .header("api-key", try $0.required("apiKey")) }, messageId: "messageId", errorCode: "code")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let sms = try SMSFields.sms(message, "brevo-sms")
        let credentials = CredentialReader(integration.credentials)
        let body: JSONValue = .object([
            "sender": .string(try sms.from ?? credentials.required("from")), "recipient": .string(SMSFields.withoutPlus(sms.to)),
            "content": .string(sms.content), "type": .string("transactional"),
        ])
        return try await Self.codes.classify {
            try await Self.api.send(body, integration: integration, context: context, http: http)
        }
    }

    public func check(_ integration: Integration) async throws -> CheckResult {
        _ = try await Self.codes.classify { try await Self.api.get("/v3/account", integration: integration, http: http) }
        return .passed
    }

    /// Brevo API error codes.
    static let codes = ProviderErrorCodes([
        "unauthorized": .badCredentials,
        "permission_denied": .badCredentials,
        "not_enough_credits": .quotaExceeded,
        "account_under_validation": .misconfigured,
        "invalid_parameter": .rejected,
        "missing_parameter": .rejected,
    ])
}
