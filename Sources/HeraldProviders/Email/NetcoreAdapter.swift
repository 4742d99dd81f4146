import HeraldCore

/// Netcore Email API v5.1 (Pepipost): `POST https://emailapi.netcorecloud.net/v5.1/mail/send`, the key in an `api_key`
/// header, JSON. EU accounts use `baseUrl: https://apieu.netcorecloud.net`. The body: `from: {email, name}`,
/// `subject`, `content: [{type: "html", value}]` (Netcore's content types are `html` and `amp`, so a text-only email
/// goes out as escaped HTML), `personalizations[0]` with `to`/`cc`/`bcc` as `[{email}]`, the headers and the
/// delivery id as `token_to` (returned as `X-APIHEADER` in Netcore's events), `reply_to`, `tags` and
/// `attachments: [{name, content}]`; overrides (`overrides.netcore`) merge into the top-level body (`settings`,
/// `template_id`, `schedule`, …). The id is `data.message_id`; Netcore documents no error codes, so errors are
/// classified by status. The check lists the account's domains (`GET /v5.1/domain/getDomains`).
public struct NetcoreAdapter: StatelessProviderAdapter {
    public let providerIds = ["netcore"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiKey", "from", "senderName", "baseUrl"] }
    static let api = JSONPostAPI(
        Endpoint("https://emailapi.netcorecloud.net"), path: "/v5.1/mail/send",
        auth: { .header("api_key", try $0.required("apiKey")) }, messageId: "data.message_id")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        guard case .email(let email) = message else { throw ProviderFailure.misconfigured("netcore sends email only") }
        let body = try Self.body(email, credentials: CredentialReader(integration.credentials), context: context)
        return try await Self.api.send(.object(body), integration: integration, context: context, http: http)
    }

    /// The documented v5.1 body.
    static func body(_ email: EmailMessage, credentials: CredentialReader, context: SendContext) throws -> [String: JSONValue] {
        var from: [String: JSONValue] = ["email": .string(try EmailAPI.from(email, credentials))]
        if let name = EmailAPI.senderName(email, credentials) { from["name"] = .string(name) }
        var personalization: [String: JSONValue] = ["to": EmailAPI.addresses(email.to), "token_to": .string(context.deliveryId)]
        if !email.cc.isEmpty { personalization["cc"] = EmailAPI.addresses(email.cc) }
        if !email.bcc.isEmpty { personalization["bcc"] = EmailAPI.addresses(email.bcc) }
        if !email.headers.isEmpty { personalization["headers"] = .object(email.headers.mapValues(JSONValue.string)) }
        let html = email.html ?? Self.escaped(email.text ?? "")
        var body: [String: JSONValue] = [
            "from": .object(from), "subject": .string(email.subject),
            "content": .array([.object(["type": .string("html"), "value": .string(html)])]),
            "personalizations": .array([.object(personalization)]),
        ]
        if let replyTo = email.replyTo { body["reply_to"] = .string(replyTo) }
        if !email.tags.isEmpty { body["tags"] = .array(email.tags.map(JSONValue.string)) }
        if !email.attachments.isEmpty {
            body["attachments"] = .array(email.attachments.map {
                .object(["name": .string($0.filename), "content": .string(EmailAPI.base64($0))])
            })
        }
        return body
    }

    /// Plain text as HTML: `&`, `<`, `>` escaped and line breaks kept.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\n", with: "<br>")
    }

    /// Lists the account's sending domains with the key.
    public func check(_ integration: Integration) async throws -> CheckResult {
        let request = ProviderRequest(
            "GET", try Self.api.url(integration, path: "/v5.1/domain/getDomains"), headers: [("Accept", "application/json")],
            auth: try Self.api.auth(CredentialReader(integration.credentials)))
        _ = try await http.send(request)
        return .passed
    }
}
