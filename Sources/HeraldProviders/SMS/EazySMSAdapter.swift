import HeraldCore

/// Eazy: `POST https://api.eazy.im/v3/channels/{channelId}/messages/{number}@sms.eazy.im`, Bearer API key, JSON
/// `{"message": {"type": "text", "text"}}` (the number as given, `+` included, in the path; Eazy has no sender
/// field). Overrides (`overrides.eazy-sms`) merge into the top-level body. The id is `id`. Eazy's error bodies and a
/// read-only call are not documented publicly, so errors are classified by status and there is no check.
public struct EazySMSAdapter: StatelessProviderAdapter {
    public let providerIds = ["eazy-sms"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiKey", "channelId", "baseUrl"] }
    static let api = JSONPostAPI(
        Endpoint("https://api.eazy.im"), path: "/v3/channels", auth: { .bearer(try $0.required("apiKey")) }, messageId: "id")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let sms = try SMSFields.sms(message, "eazy-sms")
        let channel = try SMSFields.pathSafe(try CredentialReader(integration.credentials).required("channelId"), key: "channelId")
        guard !sms.to.isEmpty, sms.to.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "+") }) else {
            throw ProviderFailure(.invalidRecipient, "the phone number must be digits with an optional leading +")
        }
        let body: JSONValue = .object(["message": .object(["type": .string("text"), "text": .string(sms.content)])])
        return try await Self.api.send(
            body, integration: integration, context: context, http: http,
            path: "/v3/channels/\(channel)/messages/\(sms.to)@sms.eazy.im")
    }
}
