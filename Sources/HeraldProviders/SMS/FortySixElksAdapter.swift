import HeraldCore

/// 46elks SMS: `POST https://api.46elks.com/a1/sms`, Basic auth (API username, password), form `from, to, message`.
/// Overrides (`overrides.forty-six-elks`) are 46elks form fields (`whendelivered`, `flashsms`, `dryrun`, …). The id
/// is `id`; errors are short plain-text reasons with no code, classified by status. The check reads the account
/// (`GET /a1/me`).
public struct FortySixElksAdapter: StatelessProviderAdapter {
    public let providerIds = ["forty-six-elks"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["user", "password", "from", "baseUrl"] }
    static let endpoint = Endpoint("https://api.46elks.com")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let sms = try SMSFields.sms(message, "forty-six-elks")
        let credentials = CredentialReader(integration.credentials)
        let form = SMSFields.form(
            [("from", try sms.from ?? credentials.required("from")), ("to", sms.to), ("message", sms.content)],
            overrides: context.overrides)
        let response = try await http.send(
            ProviderRequest("POST", try Self.endpoint.url("/a1/sms", credentials: integration.credentials), body: .form(form),
                            auth: try Self.auth(credentials)),
            timeout: .init(context.remaining))
        return ProviderReceipt(messageId: SMSFields.text(response.json?.value(atPath: "id")))
    }

    public func check(_ integration: Integration) async throws -> CheckResult {
        let credentials = CredentialReader(integration.credentials)
        _ = try await http.send(
            ProviderRequest("GET", try Self.endpoint.url("/a1/me", credentials: integration.credentials), auth: try Self.auth(credentials)))
        return .passed
    }

    static func auth(_ credentials: CredentialReader) throws -> ProviderRequest.Auth {
        .basic(user: try credentials.required("user"), password: try credentials.required("password"))
    }
}
