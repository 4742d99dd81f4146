import HeraldCore

/// Gupshup Enterprise SMS: `POST https://enterprise.smsgupshup.com/GatewayAPI/rest`, form-encoded
/// `method=SendMessage, send_to, msg, msg_type, userid, password, auth_scheme=plain, v=1.1, format=text` (the number
/// without `+`; `msg_type` is `TEXT`, or `UNICODE_TEXT` for text outside ASCII). The delivery's sender becomes `mask`
/// (the sender id configured on the account). Overrides (`overrides.gupshup`) are Gupshup fields (`mask`,
/// `principalEntityId`, `dltTemplateId`, `timestamp`, …). Gupshup answers 200 with text
/// `success | <number> | <message id>` or `error | <code> | <description>`; an error line fails with its code. No
/// read-only call is documented to check with.
public struct GupshupAdapter: StatelessProviderAdapter {
    public let providerIds = ["gupshup"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["user", "password", "baseUrl"] }
    static let endpoint = Endpoint("https://enterprise.smsgupshup.com")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let sms = try SMSFields.sms(message, "gupshup")
        let credentials = CredentialReader(integration.credentials)
        var fields: [(String, String)] = [
            ("method", "SendMessage"), ("send_to", SMSFields.withoutPlus(sms.to)), ("msg", sms.content),
            ("msg_type", sms.content.unicodeScalars.allSatisfy(\.isASCII) ? "TEXT" : "UNICODE_TEXT"),
            ("userid", try credentials.required("user")), ("password", try credentials.required("password")),
            ("auth_scheme", "plain"), ("v", "1.1"), ("format", "text"),
        ]
        if let mask = sms.from { fields.append(("mask", mask)) }
        let response = try await http.send(
            ProviderRequest("POST", try Self.endpoint.url("/GatewayAPI/rest", credentials: integration.credentials),
                            body: .form(SMSFields.form(fields, overrides: context.overrides))),
            timeout: .init(context.remaining))
        let segments = response.text.split(separator: "|", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard segments.first?.lowercased() == "success", segments.count >= 3 else {
            let code = segments.count >= 2 && segments[0].lowercased() == "error" ? segments[1] : nil
            let detail = segments.count >= 3 ? segments[2...].joined(separator: " | ") : response.text
            throw Self.codes.failure(code, detail, status: response.status)
        }
        return ProviderReceipt(messageId: segments[2])
    }

    /// Gupshup error codes Herald classifies specially (others are refusals of the message).
    static let codes = ProviderErrorCodes([
        "175": .misconfigured,   // the service (e.g. INTERNATIONAL_PHONE) is disabled for the account
    ])
}
