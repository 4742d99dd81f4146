import HeraldCore

/// BulkSMS JSON REST API: `POST https://api.bulksms.com/v1/messages?auto-unicode=true`, Basic auth from `apiToken`
/// (`tokenId:tokenSecret`, base64-encoded as a whole, as Novu does), JSON `{to, body, from?}`; `auto-unicode` makes
/// BulkSMS pick UNICODE encoding for text GSM cannot carry. Overrides (`overrides.bulk-sms`) are BulkSMS's message
/// fields (`deliveryReports`, `userSuppliedId`, `routingGroup`, …). The id is `[0].id` of the 201 array; errors are
/// problem documents `{type, title, status, detail}` classified by the fragment of `type`. The check reads the
/// profile (`GET /v1/profile`).
public struct BulkSMSAdapter: StatelessProviderAdapter {
    public let providerIds = ["bulk-sms"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiToken", "from", "baseUrl"] }
    static let endpoint = Endpoint("https://api.bulksms.com")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let sms = try SMSFields.sms(message, "bulk-sms")
        let credentials = CredentialReader(integration.credentials)
        var body: [String: JSONValue] = ["to": .string(sms.to), "body": .string(sms.content)]
        if let from = sms.from ?? credentials.optional("from") { body["from"] = .string(from) }
        let response = try await Self.codes.classify {
            try await http.send(
                ProviderRequest("POST", try Self.endpoint.url("/v1/messages?auto-unicode=true", credentials: integration.credentials),
                                headers: [("Accept", "application/json")], body: .json(SMSFields.merged(body, context.overrides)),
                                auth: try Self.auth(credentials)),
                timeout: .init(context.remaining), code: Self.problemType)
        }
        return ProviderReceipt(messageId: SMSFields.text(response.json?.value(atDottedPath: "0.id")))
    }

    public func check(_ integration: Integration) async throws -> CheckResult {
        let credentials = CredentialReader(integration.credentials)
        _ = try await Self.codes.classify {
            try await http.send(
                ProviderRequest("GET", try Self.endpoint.url("/v1/profile", credentials: integration.credentials),
                                headers: [("Accept", "application/json")], auth: try Self.auth(credentials)),
                code: Self.problemType)
        }
        return .passed
    }

    /// `Authorization: Basic base64(apiToken)`.
    static func auth(_ credentials: CredentialReader) throws -> ProviderRequest.Auth {
        .header("Authorization", "Basic " + Base64.encode(Array(try credentials.required("apiToken").utf8)))
    }

    /// The fragment of the problem `type` (`…/errors#insufficient-credits` → `insufficient-credits`).
    static func problemType(_ response: ProviderResponse) -> String? {
        guard let type = response.json?.value(atPath: "type")?.stringValue else { return nil }
        return type.split(separator: "#").last.map(String.init)
    }

    /// BulkSMS problem types.
    static let codes = ProviderErrorCodes([
        "authentication-failed": .badCredentials,
        "insufficient-credits": .quotaExceeded,
        "too-many-requests": .rateLimited,
        "forbidden": .badCredentials,
    ])
}
