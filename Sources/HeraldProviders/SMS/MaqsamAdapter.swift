import HeraldCore

/// Maqsam SMS: `POST https://api.maqsam.com/v2/sms`, Basic auth with the access key id (`apiKey`) and secret
/// (`secretKey`), JSON `{to, message, sender}`; overrides (`overrides.maqsam`) are merged into the body. The id is
/// `message.identifier`; errors are classified by status (Maqsam documents no error codes Herald could see). No
/// read-only call is documented to check with.
public struct MaqsamAdapter: StatelessProviderAdapter {
    public let providerIds = ["maqsam"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiKey", "secretKey", "from", "baseUrl"] }
    static let api = JSONPostAPI(
        Endpoint("https://api.maqsam.com"), path: "/v2/sms",
        auth: { .basic(user: try $0.required("apiKey"), password: try $0.required("secretKey")) },
        messageId: "message.identifier")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let sms = try SMSFields.sms(message, "maqsam")
        let credentials = CredentialReader(integration.credentials)
        let body: JSONValue = .object([
            "to": .string(sms.to), "message": .string(sms.content), "sender": .string(try sms.from ?? credentials.required("from")),
        ])
        return try await Self.api.send(body, integration: integration, context: context, http: http)
    }
}
