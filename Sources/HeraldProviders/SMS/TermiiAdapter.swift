import HeraldCore

/// Termii messaging: `POST https://api.ng.termii.com/api/sms/send` (or the account's own base URL via
/// `credentials.baseUrl`), JSON `{to, from, sms, type: "plain", channel: "generic", api_key}` — Termii takes the API
/// key in the body and the number in international format without `+`. Overrides (`overrides.termii`) are Termii's
/// fields (`channel: "dnd"`, `type`, `media`). The id is `message_id`; errors carry no documented code and are
/// classified by status. The check reads the balance (`GET /api/get-balance?api_key=…`).
public struct TermiiAdapter: StatelessProviderAdapter {
    public let providerIds = ["termii"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiKey", "from", "baseUrl"] }
    static let endpoint = Endpoint("https://api.ng.termii.com")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let sms = try SMSFields.sms(message, "termii")
        let credentials = CredentialReader(integration.credentials)
        let body: [String: JSONValue] = [
            "to": .string(SMSFields.withoutPlus(sms.to)), "from": .string(try sms.from ?? credentials.required("from")),
            "sms": .string(sms.content), "type": .string("plain"), "channel": .string("generic"),
            "api_key": .string(try credentials.required("apiKey")),
        ]
        let response = try await http.send(
            ProviderRequest("POST", try Self.endpoint.url("/api/sms/send", credentials: integration.credentials),
                            headers: [("Accept", "application/json")], body: .json(SMSFields.merged(body, context.overrides))),
            timeout: .init(context.remaining))
        return ProviderReceipt(messageId: SMSFields.text(response.json?.value(atPath: "message_id")))
    }

    public func check(_ integration: Integration) async throws -> CheckResult {
        let key = try CredentialReader(integration.credentials).required("apiKey")
        let url = try Self.endpoint.url("/api/get-balance" + SMSFields.query([("api_key", key)]), credentials: integration.credentials)
        _ = try await http.send(ProviderRequest("GET", url, headers: [("Accept", "application/json")]))
        return .passed
    }
}
