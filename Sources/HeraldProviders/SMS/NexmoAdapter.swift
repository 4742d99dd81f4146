import HeraldCore

/// Vonage (Nexmo) SMS API: `POST https://rest.nexmo.com/sms/json` with a JSON body carrying `api_key` and
/// `api_secret` as Vonage documents, `from`, `to`, `text`, `client-ref` (the delivery id) and `type: unicode` when
/// the text is not plain ASCII. Overrides (`overrides.nexmo`) are Vonage's own kebab-case fields
/// (`callback`, `status-report-req`, `ttl`, …). Vonage answers 200 even for a refused message: `messages[0].status`
/// other than `"0"` is a failure classified by Vonage's documented status codes. The id is
/// `messages[0]["message-id"]`. The check reads the balance (`GET /account/get-balance`).
public struct NexmoAdapter: StatelessProviderAdapter {
    public let providerIds = ["nexmo"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiKey", "secretKey", "from", "baseUrl"] }
    static let endpoint = Endpoint("https://rest.nexmo.com")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let sms = try SMSFields.sms(message, "nexmo")
        let credentials = CredentialReader(integration.credentials)
        var body: [String: JSONValue] = [
            "api_key": .string(try credentials.required("apiKey")), "api_secret": .string(try credentials.required("secretKey")),
            "from": .string(try sms.from ?? credentials.required("from")), "to": .string(sms.to), "text": .string(sms.content),
            "client-ref": .string(context.deliveryId),
        ]
        if !sms.content.unicodeScalars.allSatisfy(\.isASCII) { body["type"] = .string("unicode") }
        let url = try Self.endpoint.url("/sms/json", credentials: integration.credentials)
        let response = try await Self.codes.classify {
            try await http.send(
                ProviderRequest("POST", url, headers: [("Accept", "application/json")],
                                body: .json(SMSFields.merged(body, context.overrides))),
                timeout: .init(context.remaining), code: Self.status)
        }
        let first = response.json?.value(atDottedPath: "messages.0")
        guard let status = SMSFields.text(first?.value(atPath: "status")), status == "0" else {
            throw Self.codes.failure(SMSFields.text(first?.value(atPath: "status")),
                                     first?.value(atPath: "error-text")?.stringValue, status: response.status)
        }
        return ProviderReceipt(messageId: SMSFields.text(first?.value(atPath: "message-id")))
    }

    public func check(_ integration: Integration) async throws -> CheckResult {
        let credentials = CredentialReader(integration.credentials)
        let query = SMSFields.query([("api_key", try credentials.required("apiKey")), ("api_secret", try credentials.required("secretKey"))])
        let url = try Self.endpoint.url("/account/get-balance" + query, credentials: integration.credentials)
        _ = try await http.send(ProviderRequest("GET", url, headers: [("Accept", "application/json")]))
        return .passed
    }

    /// The first message's `status`, as the provider code.
    static func status(_ response: ProviderResponse) -> String? {
        SMSFields.text(response.json?.value(atDottedPath: "messages.0.status"))
    }

    /// Vonage SMS API status codes (developer.vonage.com/api-errors/sms).
    static let codes = ProviderErrorCodes([
        "1": .rateLimited,          // throttled
        "2": .rejected,             // missing parameters
        "3": .rejected,             // invalid parameters
        "4": .badCredentials,       // invalid credentials
        "5": .providerUnavailable,  // internal error
        "6": .invalidRecipient,     // invalid message: unrecognised number prefix
        "7": .invalidRecipient,     // number barred
        "8": .misconfigured,        // partner account barred
        "9": .quotaExceeded,        // partner quota violation: not enough credit
        "10": .rateLimited,         // too many existing binds
        "11": .misconfigured,       // account not enabled for HTTP
        "12": .rejected,            // message too long
        "14": .badCredentials,      // invalid signature
        "15": .misconfigured,       // invalid sender address
        "29": .rejected,            // non-whitelisted destination (trial account)
    ])
}
