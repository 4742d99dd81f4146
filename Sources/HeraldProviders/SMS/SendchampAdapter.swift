import HeraldCore

/// Sendchamp SMS: `POST https://api.sendchamp.com/api/v1/sms/send`, Bearer public access key, JSON
/// `{to: [number], message, sender_name, route}` with the number without `+` and route `international` (Novu's;
/// `overrides.sendchamp` may set `route: "dnd"` or `"non_dnd"`). Novu posts the whole `{body, headers, query}`
/// wrapper by mistake; Herald sends the flat body Sendchamp documents. The id is `data.id`; errors carry no
/// documented code and are classified by status. No read-only check is documented.
public struct SendchampAdapter: StatelessProviderAdapter {
    public let providerIds = ["sendchamp"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiKey", "from", "baseUrl"] }
    static let api = JSONPostAPI(
        Endpoint("https://api.sendchamp.com"), path: "/api/v1/sms/send", auth: { .bearer(try $0.required("apiKey")) },
        messageId: "data.id")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let sms = try SMSFields.sms(message, "sendchamp")
        let body: JSONValue = .object([
            "to": .array([.string(SMSFields.withoutPlus(sms.to))]), "message": .string(sms.content),
            "sender_name": .string(try sms.from ?? CredentialReader(integration.credentials).required("from")),
            "route": .string("international"),
        ])
        return try await Self.api.send(body, integration: integration, context: context, http: http)
    }
}
