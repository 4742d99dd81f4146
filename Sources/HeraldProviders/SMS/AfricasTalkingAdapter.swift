import HeraldCore

/// Africa's Talking SMS: `POST https://api.africastalking.com/version1/messaging` (the sandbox host when the
/// username is `sandbox`), `apiKey` header, form `username, to, message, from`. Overrides
/// (`overrides.africas-talking`) are Africa's Talking form fields (`enqueue`, `keyword`, `linkId`, …). The 201
/// answer lists each recipient with a `statusCode`: 100–102 is accepted, anything else fails with that code,
/// classified by Africa's Talking's documented codes. The id is `SMSMessageData.Recipients[0].messageId`. The check
/// reads the application data (`GET /version1/user?username=…`).
public struct AfricasTalkingAdapter: StatelessProviderAdapter {
    public let providerIds = ["africas-talking"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiKey", "user", "from", "baseUrl"] }
    static let endpoint = Endpoint(
        "https://api.africastalking.com", regions: ["sandbox": "https://api.sandbox.africastalking.com"])
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let sms = try SMSFields.sms(message, "africas-talking")
        let credentials = CredentialReader(integration.credentials)
        let user = try credentials.required("user")
        let form = SMSFields.form([
            ("username", user), ("to", sms.to), ("message", sms.content), ("from", try sms.from ?? credentials.required("from")),
        ], overrides: context.overrides)
        let response = try await http.send(
            ProviderRequest("POST", try Self.url("/version1/messaging", integration), headers: [("Accept", "application/json")],
                            body: .form(form), auth: .header("apiKey", try credentials.required("apiKey"))),
            timeout: .init(context.remaining))
        let data = response.json?.value(atPath: "SMSMessageData")
        let first = data?.value(atDottedPath: "Recipients.0")
        let code = SMSFields.text(first?.value(atPath: "statusCode"))
        guard let code, ["100", "101", "102"].contains(code) else {
            throw Self.codes.failure(code, first?.value(atPath: "status")?.stringValue ?? data?.value(atPath: "Message")?.stringValue,
                                     status: response.status)
        }
        return ProviderReceipt(messageId: SMSFields.text(first?.value(atPath: "messageId")))
    }

    public func check(_ integration: Integration) async throws -> CheckResult {
        let credentials = CredentialReader(integration.credentials)
        let url = try Self.url("/version1/user" + SMSFields.query([("username", try credentials.required("user"))]), integration)
        _ = try await http.send(
            ProviderRequest("GET", url, headers: [("Accept", "application/json")], auth: .header("apiKey", try credentials.required("apiKey"))))
        return .passed
    }

    /// The live or (for the `sandbox` username) sandbox URL of a path.
    static func url(_ path: String, _ integration: Integration) throws -> String {
        let sandbox = CredentialReader(integration.credentials).optional("user")?.lowercased() == "sandbox"
        return try endpoint.url(path, credentials: integration.credentials, region: sandbox ? "sandbox" : nil)
    }

    /// Africa's Talking recipient status codes.
    static let codes = ProviderErrorCodes([
        "401": .rejected,             // RiskHold
        "402": .misconfigured,        // InvalidSenderId
        "403": .invalidRecipient,     // InvalidPhoneNumber
        "404": .invalidRecipient,     // UnsupportedNumberType
        "405": .quotaExceeded,        // InsufficientBalance
        "406": .rejected,             // UserInBlacklist
        "407": .invalidRecipient,     // CouldNotRoute
        "409": .rejected,             // DoNotDisturbRejection
        "500": .providerUnavailable,  // InternalServerError
        "501": .providerUnavailable,  // GatewayError
        "502": .rejected,             // RejectedByGateway
    ])
}
