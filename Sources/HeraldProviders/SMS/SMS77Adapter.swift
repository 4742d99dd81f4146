import HeraldCore

/// seven.io (formerly sms77) SMS: `POST https://gateway.seven.io/api/sms`, `X-Api-Key` header, form
/// `to, text, from, foreign_id, json=1` (the delivery id as `foreign_id`, echoed in status reports). Overrides
/// (`overrides.sms77`) are seven's fields (`delay`, `flash`, `label`, `ttl`, …). seven answers 200 even when it
/// refuses: the return code in `success` (or a bare numeric body) other than `100` is a failure classified by
/// seven's documented codes. The id is `messages[0].id`. The check reads the balance (`GET /api/balance`).
public struct SMS77Adapter: StatelessProviderAdapter {
    public let providerIds = ["sms77"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiKey", "from", "baseUrl"] }
    static let endpoint = Endpoint("https://gateway.seven.io")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let sms = try SMSFields.sms(message, "sms77")
        let credentials = CredentialReader(integration.credentials)
        let form = SMSFields.form([
            ("to", sms.to), ("text", sms.content), ("from", try sms.from ?? credentials.required("from")),
            ("foreign_id", context.deliveryId), ("json", "1"),
        ], overrides: context.overrides)
        let response = try await Self.codes.classify {
            try await http.send(
                ProviderRequest("POST", try Self.endpoint.url("/api/sms", credentials: integration.credentials),
                                headers: [("Accept", "application/json")], body: .form(form),
                                auth: .header("X-Api-Key", try credentials.required("apiKey"))),
                timeout: .init(context.remaining), code: Self.returnCode)
        }
        let code = Self.returnCode(response)
        guard code == "100" else {
            let first = response.json?.value(atDottedPath: "messages.0")
            let detail = first?.value(atPath: "error_text")?.stringValue
            throw Self.codes.failure(SMSFields.text(first?.value(atPath: "error")) ?? code, detail, status: response.status)
        }
        return ProviderReceipt(messageId: SMSFields.text(response.json?.value(atDottedPath: "messages.0.id")))
    }

    public func check(_ integration: Integration) async throws -> CheckResult {
        let key = try CredentialReader(integration.credentials).required("apiKey")
        let response = try await http.send(
            ProviderRequest("GET", try Self.endpoint.url("/api/balance", credentials: integration.credentials),
                            headers: [("Accept", "application/json")], auth: .header("X-Api-Key", key)))
        // A refused key is answered 200 with a bare return code such as 900.
        if case .number = response.json, let code = Self.returnCode(response), Self.codes.table[code] == .badCredentials {
            throw Self.codes.failure(code, "the API key was refused", status: response.status)
        }
        return .passed
    }

    /// The return code: a bare numeric body, or `success` of a JSON answer.
    static func returnCode(_ response: ProviderResponse) -> String? {
        guard let json = response.json else { return nil }
        if case .number = json { return SMSFields.text(json) }
        return SMSFields.text(json.value(atPath: "success"))
    }

    /// seven.io return codes (docs.seven.io, SMS return codes).
    static let codes = ProviderErrorCodes([
        "101": .rejected,             // sending to at least one recipient failed
        "201": .misconfigured,        // invalid sender
        "202": .invalidRecipient,     // invalid recipient number
        "301": .rejected,             // `to` missing
        "305": .rejected,             // `text` missing
        "401": .rejected,             // text too long
        "402": .rejected,             // reload lock: the same SMS was sent within 180 seconds
        "403": .rejected,             // daily limit for this number reached
        "500": .quotaExceeded,        // not enough credit
        "600": .providerUnavailable,  // carrier failed
        "700": .unknown,              // unknown error
        "900": .badCredentials,       // authentication failed
        "901": .badCredentials,       // signature verification failed
        "902": .badCredentials,       // the API key has no access to this endpoint
        "903": .misconfigured,        // the server IP is not allowed
    ])
}
