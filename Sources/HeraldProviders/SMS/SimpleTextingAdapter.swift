import HeraldCore

/// SimpleTexting API v2: `POST https://api-app2.simpletexting.com/v2/api/messages`, Bearer API token, JSON
/// `{contactPhone, accountPhone, mode: "SINGLE_SMS_STRICTLY", text}` (Novu's mode; `overrides.simpletexting` may
/// set `mode: "AUTO"`, `subject`, `mediaItems`, …). `accountPhone` is the delivery's sender, else `from`. The id is
/// `id`; errors carry no documented code and are classified by status. SimpleTexting documents no read-only call
/// Herald relies on, so there is no check.
public struct SimpleTextingAdapter: StatelessProviderAdapter {
    public let providerIds = ["simpletexting"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiKey", "from", "baseUrl"] }
    static let api = JSONPostAPI(
        Endpoint("https://api-app2.simpletexting.com"), path: "/v2/api/messages", auth: { .bearer(try $0.required("apiKey")) },
        messageId: "id")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let sms = try SMSFields.sms(message, "simpletexting")
        let body: JSONValue = .object([
            "contactPhone": .string(sms.to),
            "accountPhone": .string(try sms.from ?? CredentialReader(integration.credentials).required("from")),
            "mode": .string("SINGLE_SMS_STRICTLY"), "text": .string(sms.content),
        ])
        return try await Self.api.send(body, integration: integration, context: context, http: http)
    }
}
