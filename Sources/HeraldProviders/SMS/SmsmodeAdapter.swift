import HeraldCore

/// smsmode API v1: `POST https://rest.smsmode.com/sms/v1/messages`, `X-Api-Key` header, JSON
/// `{recipient: {to}, body: {text}, from}`. Overrides (`overrides.smsmode`) merge into the top-level body
/// (`sentDate`, `callbackUrlStatus`, …). The id is `messageId`; errors carry no documented code and are classified by
/// status. No read-only check is documented.
public struct SmsmodeAdapter: StatelessProviderAdapter {
    public let providerIds = ["smsmode"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiKey", "from", "baseUrl"] }
    static let api = JSONPostAPI(
        Endpoint("https://rest.smsmode.com"), path: "/sms/v1/messages", auth: { .header("X-Api-Key", try $0.required("apiKey")) },
        messageId: "messageId")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let sms = try SMSFields.sms(message, "smsmode")
        let body: JSONValue = .object([
            "recipient": .object(["to": .string(sms.to)]), "body": .object(["text": .string(sms.content)]),
            "from": .string(try sms.from ?? CredentialReader(integration.credentials).required("from")),
        ])
        return try await Self.api.send(body, integration: integration, context: context, http: http)
    }
}
