import HeraldCore

/// SMS Central (Australia) API v3.2: `POST https://my.smscentral.com.au/api/v3.2` (or the whole URL in `baseUrl`), form
/// parameters in upper case as SMS Central documents them — `USERNAME, PASSWORD, ACTION=send, ORIGINATOR, RECIPIENT`
/// (the number without `+`), `MESSAGE_TEXT` and `REFERENCE` (the delivery id, SMS Central's handle for delivery status
/// and receipts, recorded as the message id). Overrides (`overrides.sms-central`) are form fields (`CAMPAIGN`,
/// `SCHEDULE`, `URL`, …). SMS Central answers 200 with a response code as text: `0` is success, any other is a
/// failure carrying that code. No read-only call is documented to check with.
public struct SMSCentralAdapter: StatelessProviderAdapter {
    public let providerIds = ["sms-central"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["user", "password", "from", "baseUrl"] }
    static let documented = "https://my.smscentral.com.au/api/v3.2"
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let sms = try SMSFields.sms(message, "sms-central")
        let credentials = CredentialReader(integration.credentials)
        let form = SMSFields.form([
            ("USERNAME", try credentials.required("user")), ("PASSWORD", try credentials.required("password")), ("ACTION", "send"),
            ("ORIGINATOR", try sms.from ?? credentials.required("from")), ("RECIPIENT", SMSFields.withoutPlus(sms.to)),
            ("MESSAGE_TEXT", sms.content), ("REFERENCE", context.deliveryId),
        ], overrides: context.overrides)
        let url = try MobishastraAdapter.url(credentials.optional("baseUrl") ?? Self.documented)
        let response = try await http.send(ProviderRequest("POST", url, body: .form(form)), timeout: .init(context.remaining))
        let text = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text == "0" else {
            let code = text.prefix { !$0.isWhitespace && $0 != ":" }
            throw ProviderFailure(.rejected, "HTTP \(response.status), SMS Central: \(text.prefix(200))",
                                  providerCode: code.isEmpty ? nil : String(code.prefix(64)), httpStatus: response.status)
        }
        let reference = form.last { $0.0 == "REFERENCE" }?.1
        return ProviderReceipt(messageId: reference)
    }
}
