import HeraldCore

/// Brevo, formerly Sendinblue (`sendinblue`; `POST /v3/smtp/email`, `api-key` header). The body carries `sender`
/// (email and name), `to`/`cc`/`bcc`, `subject`, `htmlContent`, `textContent`, `replyTo`, `tags`, `headers` and
/// base64 `attachment`s (Brevo has no inline content ids: inline files go as attachments). `headers.idempotencyKey`
/// is a UUID derived from the delivery id, so a retried attempt is not sent twice within Brevo's window. The id is
/// `messageId`; errors `{code, message}` are classified by `code`. The check reads the account (`GET /v3/account`).
public struct BrevoAdapter: StatelessProviderAdapter {
    public let providerIds = ["sendinblue"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiKey", "from", "senderName", "baseUrl"] }
    static let api = JSONPostAPI(
        Endpoint("https://api.brevo.com"), path: "/v3/smtp/email", auth: { .header("api-key", try $0.required("apiKey")) },
        messageId: "messageId", errorCode: "code")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        guard case .email(let email) = message else { throw ProviderFailure.misconfigured("sendinblue sends email only") }
        let body = try Self.body(email, credentials: CredentialReader(integration.credentials), context: context)
        return try await EmailAPI.classified(Self.codes) {
            try await Self.api.send(.object(body), integration: integration, context: context, http: http)
        }
    }

    /// The documented transactional email body.
    static func body(_ email: EmailMessage, credentials: CredentialReader, context: SendContext) throws -> [String: JSONValue] {
        var sender: [String: JSONValue] = ["email": .string(try EmailAPI.from(email, credentials))]
        if let name = EmailAPI.senderName(email, credentials) { sender["name"] = .string(name) }
        var headers = email.headers.mapValues(JSONValue.string)
        headers["idempotencyKey"] = .string(EmailAPI.uuid(context.deliveryId))
        var body: [String: JSONValue] = [
            "sender": .object(sender), "to": EmailAPI.addresses(email.to), "subject": .string(email.subject), "headers": .object(headers),
        ]
        if !email.cc.isEmpty { body["cc"] = EmailAPI.addresses(email.cc) }
        if !email.bcc.isEmpty { body["bcc"] = EmailAPI.addresses(email.bcc) }
        if let html = email.html { body["htmlContent"] = .string(html) }
        if let text = email.text { body["textContent"] = .string(text) }
        if let replyTo = email.replyTo { body["replyTo"] = .object(["email": .string(replyTo)]) }
        if !email.tags.isEmpty { body["tags"] = .array(email.tags.map(JSONValue.string)) }
        if !email.attachments.isEmpty {
            body["attachment"] = .array(email.attachments.map {
                .object(["name": .string($0.filename), "content": .string(EmailAPI.base64($0))])
            })
        }
        return body
    }

    /// Reads the account with the key.
    public func check(_ integration: Integration) async throws -> CheckResult {
        let request = ProviderRequest(
            "GET", try Self.api.url(integration, path: "/v3/account"), headers: [("Accept", "application/json")],
            auth: try Self.api.auth(CredentialReader(integration.credentials)))
        _ = try await EmailAPI.classified(Self.codes) { try await http.send(request, code: Self.api.code) }
        return .passed
    }

    /// Brevo error codes Herald classifies specially.
    static let codes: [String: ProviderFailure.Reason] = [
        "unauthorized": .badCredentials, "not_enough_credits": .quotaExceeded, "account_under_validation": .misconfigured,
        "invalid_parameter": .rejected, "missing_parameter": .rejected,
    ]
}
