import HeraldCore

/// Mailgun Messages API (`POST /v3/{domain}/messages`, `multipart/form-data`, Basic auth with `user` — normally
/// `api` — and the API key). EU domains use the EU root: `baseUrl: https://api.eu.mailgun.net`. Fields: `from` with
/// the sender name, one `to`/`cc`/`bcc` field per address, `subject`, `text`, `html`, `h:Reply-To` and `h:<name>`
/// headers, one `o:tag` per tag, the delivery id as the `v:deliveryId` variable, `attachment` and `inline` files
/// (an inline file is named by its content id); overrides become fields (`"o:testmode": true` → `yes`, arrays repeat,
/// objects as JSON). The id is `id` without its angle brackets (as Mailgun's events carry it); errors are
/// `{message}` with no code, classified by status. The check reads the domain (`GET /v3/domains/{domain}`).
public struct MailgunAdapter: StatelessProviderAdapter {
    public let providerIds = ["mailgun"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiKey", "user", "domain", "from", "senderName", "baseUrl"] }
    static let endpoint = Endpoint("https://api.mailgun.net")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        guard case .email(let email) = message else { throw ProviderFailure.misconfigured("mailgun sends email only") }
        let credentials = CredentialReader(integration.credentials)
        let domain = try Self.domain(credentials)
        var parts = try Self.fields(email, credentials: credentials, context: context)
        parts += Self.overrideFields(context.overrides).map { MultipartBody.Part.field($0.0, $0.1) }
        parts += email.attachments.map {
            .file($0.cid == nil ? "attachment" : "inline", filename: $0.cid ?? $0.filename, contentType: $0.contentType, data: $0.content)
        }
        let url = try Self.endpoint.url("/v3/\(domain)/messages", credentials: integration.credentials)
        let response = try await http.send(
            ProviderRequest("POST", url, headers: [("Accept", "application/json")], body: .multipart(MultipartBody(parts)),
                            auth: try Self.auth(credentials)),
            timeout: .init(context.remaining))
        guard let id = response.json?.value(atPath: "id")?.stringValue else {
            // A 200 "Mailgun Magnificent API" page means the URL is not the API's.
            throw ProviderFailure(.misconfigured, "Mailgun answered without a message id: check credentials.baseUrl", httpStatus: response.status)
        }
        return ProviderReceipt(messageId: Self.bare(id))
    }

    /// The documented text fields, in order.
    static func fields(_ email: EmailMessage, credentials: CredentialReader, context: SendContext) throws -> [MultipartBody.Part] {
        var fields: [(String, String)] = [
            ("from", EmailAPI.mailbox(try EmailAPI.from(email, credentials), name: EmailAPI.senderName(email, credentials))),
        ]
        fields += email.to.map { ("to", $0) } + email.cc.map { ("cc", $0) } + email.bcc.map { ("bcc", $0) }
        fields.append(("subject", email.subject))
        if let text = email.text { fields.append(("text", text)) }
        if let html = email.html { fields.append(("html", html)) }
        if let replyTo = email.replyTo { fields.append(("h:Reply-To", replyTo)) }
        fields += email.headers.sorted { $0.key < $1.key }.map { ("h:" + $0.key, $0.value) }
        fields += email.tags.map { ("o:tag", $0) }
        fields.append(("v:deliveryId", context.deliveryId))
        if let transactionId = context.transactionId { fields.append(("v:transactionId", transactionId)) }
        return fields.map { MultipartBody.Part.field($0.0, $0.1) }
    }

    /// Overrides as form fields: strings and numbers as they are, booleans as `yes`/`no`, arrays repeated, objects as JSON.
    static func overrideFields(_ overrides: [String: JSONValue]) -> [(String, String)] {
        overrides.sorted { $0.key < $1.key }.flatMap { key, value in
            (value.arrayValue ?? [value]).compactMap { item -> (String, String)? in
                switch item {
                case .null: nil
                case .bool(let flag): (key, flag ? "yes" : "no")
                case .string(let text): (key, text)
                default: (key, String(decoding: item.encoded(), as: UTF8.self))
                }
            }
        }
    }

    /// The sending domain, safe in a URL path.
    static func domain(_ credentials: CredentialReader) throws -> String {
        let domain = try credentials.required("domain")
        guard domain.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }) else {
            throw ProviderFailure.misconfigured("credentials.domain must be a domain name")
        }
        return domain
    }

    static func auth(_ credentials: CredentialReader) throws -> ProviderRequest.Auth {
        .basic(user: credentials.optional("user") ?? "api", password: try credentials.required("apiKey"))
    }

    /// `<id@domain>` → `id@domain`.
    static func bare(_ id: String) -> String {
        id.hasPrefix("<") && id.hasSuffix(">") ? String(id.dropFirst().dropLast()) : id
    }

    /// Reads the sending domain with the key.
    public func check(_ integration: Integration) async throws -> CheckResult {
        let credentials = CredentialReader(integration.credentials)
        let url = try Self.endpoint.url("/v3/domains/\(try Self.domain(credentials))", credentials: integration.credentials)
        _ = try await http.send(ProviderRequest("GET", url, headers: [("Accept", "application/json")], auth: try Self.auth(credentials)))
        return .passed
    }
}
