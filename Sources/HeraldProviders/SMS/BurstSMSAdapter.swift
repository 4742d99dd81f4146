import HeraldCore

/// Kudosity (BurstSMS, Transmit SMS API): `POST https://api.transmitsms.com/send-sms.json`, Basic auth (API key,
/// secret), form `message, to, from?` (`from` only when the delivery gives one: the catalogue entry has no sender).
/// Overrides (`overrides.burst-sms`) are Transmit SMS form fields (`countrycode`, `dlr_callback`, `validity`, …). The
/// id is `message_id`; every answer carries `error: {code, description}` where `SUCCESS` means sent, and other codes
/// are classified by the documented error codes. The check reads the balance (`GET /get-balance.json`).
public struct BurstSMSAdapter: StatelessProviderAdapter {
    public let providerIds = ["burst-sms"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiKey", "secretKey", "baseUrl"] }
    static let endpoint = Endpoint("https://api.transmitsms.com")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let sms = try SMSFields.sms(message, "burst-sms")
        let credentials = CredentialReader(integration.credentials)
        var fields = [("message", sms.content), ("to", SMSFields.withoutPlus(sms.to))]
        if let from = sms.from { fields.append(("from", from)) }
        let response = try await Self.codes.classify {
            try await http.send(
                ProviderRequest("POST", try Self.endpoint.url("/send-sms.json", credentials: integration.credentials),
                                body: .form(SMSFields.form(fields, overrides: context.overrides)), auth: try Self.auth(credentials)),
                timeout: .init(context.remaining), code: Self.errorCode)
        }
        if let code = Self.errorCode(response), code != "SUCCESS" {
            throw Self.codes.failure(code, response.json?.value(atDottedPath: "error.description")?.stringValue, status: response.status)
        }
        return ProviderReceipt(messageId: SMSFields.text(response.json?.value(atPath: "message_id")))
    }

    public func check(_ integration: Integration) async throws -> CheckResult {
        let credentials = CredentialReader(integration.credentials)
        _ = try await Self.codes.classify {
            try await http.send(
                ProviderRequest("GET", try Self.endpoint.url("/get-balance.json", credentials: integration.credentials),
                                auth: try Self.auth(credentials)),
                code: Self.errorCode)
        }
        return .passed
    }

    static func auth(_ credentials: CredentialReader) throws -> ProviderRequest.Auth {
        .basic(user: try credentials.required("apiKey"), password: try credentials.required("secretKey"))
    }

    /// `error.code` of an answer.
    static func errorCode(_ response: ProviderResponse) -> String? {
        response.json?.value(atDottedPath: "error.code")?.stringValue
    }

    /// Transmit SMS error codes.
    static let codes = ProviderErrorCodes([
        "AUTH_FAILED": .badCredentials,
        "AUTH_FAILED_NO_DATA": .badCredentials,
        "NO_ACCESS": .badCredentials,
        "FIELD_EMPTY": .rejected,
        "FIELD_INVALID": .rejected,
        "RECIPIENTS_ERROR": .invalidRecipient,
        "LEDGER_ERROR": .quotaExceeded,
        "OVER_LIMIT": .rateLimited,
        "INTERNAL_ERROR": .providerUnavailable,
    ])
}
