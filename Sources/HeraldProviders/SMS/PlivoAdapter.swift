import HeraldCore

/// Plivo Messages API: `POST /v1/Account/{auth_id}/Message/` with Basic auth (Auth ID, Auth Token) and a JSON
/// `{src, dst, text}`. Overrides (`overrides.plivo`) are Plivo's own snake_case fields (`url`, `method`, `type`,
/// `log`, `powerpack_uuid`, which replaces `src`). The id is `message_uuid[0]` of the 202 answer; errors
/// `{api_id, error}` carry no code and are classified by status. The check reads the account
/// (`GET /v1/Account/{auth_id}/`).
public struct PlivoAdapter: StatelessProviderAdapter {
    public let providerIds = ["plivo"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["accountSid", "token", "from", "baseUrl"] }
    static let endpoint = Endpoint("https://api.plivo.com")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let sms = try SMSFields.sms(message, "plivo")
        let credentials = CredentialReader(integration.credentials)
        let authId = try SMSFields.pathSafe(try credentials.required("accountSid"), key: "accountSid")
        var body: [String: JSONValue] = ["dst": .string(sms.to), "text": .string(sms.content)]
        if context.overrides["powerpack_uuid"] == nil { body["src"] = .string(try sms.from ?? credentials.required("from")) }
        let url = try Self.endpoint.url("/v1/Account/\(authId)/Message/", credentials: integration.credentials)
        let response = try await http.send(
            ProviderRequest("POST", url, headers: [("Accept", "application/json")],
                            body: .json(SMSFields.merged(body, context.overrides)),
                            auth: .basic(user: authId, password: try credentials.required("token"))),
            timeout: .init(context.remaining))
        return ProviderReceipt(messageId: SMSFields.text(response.json?.value(atDottedPath: "message_uuid.0")))
    }

    public func check(_ integration: Integration) async throws -> CheckResult {
        let credentials = CredentialReader(integration.credentials)
        let authId = try SMSFields.pathSafe(try credentials.required("accountSid"), key: "accountSid")
        let url = try Self.endpoint.url("/v1/Account/\(authId)/", credentials: integration.credentials)
        _ = try await http.send(ProviderRequest("GET", url, auth: .basic(user: authId, password: try credentials.required("token"))))
        return .passed
    }
}
