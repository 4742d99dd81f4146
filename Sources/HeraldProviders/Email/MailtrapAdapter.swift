import HeraldCore

/// Mailtrap Email Sending, transactional stream (`POST https://send.api.mailtrap.io/api/send`, Bearer API token).
/// The body carries `from` (email and name), `to`/`cc`/`bcc`, `reply_to`, `subject`, `text`, `html`, `headers`,
/// base64 `attachments` (inline ones with `disposition: inline` and `content_id`), the first tag as `category`
/// (Mailtrap takes one) and the delivery id in `custom_variables`. The id is `message_ids[0]`; errors are
/// `{success: false, errors: ["…"]}` with no code, classified by status. The check lists the token's accounts
/// (`GET https://mailtrap.io/api/accounts`), which sends nothing.
public struct MailtrapAdapter: StatelessProviderAdapter {
    public let providerIds = ["mailtrap"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiKey", "from", "senderName", "baseUrl"] }
    static let api = JSONPostAPI(
        Endpoint("https://send.api.mailtrap.io"), path: "/api/send", auth: { .bearer(try $0.required("apiKey")) },
        messageId: "message_ids.0")
    /// The account API's root (the check).
    static let accounts = Endpoint("https://mailtrap.io")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        guard case .email(let email) = message else { throw ProviderFailure.misconfigured("mailtrap sends email only") }
        let body = try Self.body(email, credentials: CredentialReader(integration.credentials), context: context)
        return try await Self.api.send(.object(body), integration: integration, context: context, http: http)
    }

    /// The documented send body.
    static func body(_ email: EmailMessage, credentials: CredentialReader, context: SendContext) throws -> [String: JSONValue] {
        var from: [String: JSONValue] = ["email": .string(try EmailAPI.from(email, credentials))]
        if let name = EmailAPI.senderName(email, credentials) { from["name"] = .string(name) }
        var variables: [String: JSONValue] = ["deliveryId": .string(context.deliveryId)]
        if let transactionId = context.transactionId { variables["transactionId"] = .string(transactionId) }
        var body: [String: JSONValue] = [
            "from": .object(from), "to": EmailAPI.addresses(email.to), "subject": .string(email.subject),
            "custom_variables": .object(variables),
        ]
        if !email.cc.isEmpty { body["cc"] = EmailAPI.addresses(email.cc) }
        if !email.bcc.isEmpty { body["bcc"] = EmailAPI.addresses(email.bcc) }
        if let replyTo = email.replyTo { body["reply_to"] = .object(["email": .string(replyTo)]) }
        if let text = email.text { body["text"] = .string(text) }
        if let html = email.html { body["html"] = .string(html) }
        if let category = email.tags.first { body["category"] = .string(category) }
        if !email.headers.isEmpty { body["headers"] = .object(email.headers.mapValues(JSONValue.string)) }
        if !email.attachments.isEmpty {
            body["attachments"] = .array(email.attachments.map { attachment in
                var item: [String: JSONValue] = [
                    "content": .string(EmailAPI.base64(attachment)), "filename": .string(attachment.filename),
                    "type": .string(attachment.contentType),
                    "disposition": .string(attachment.cid == nil ? "attachment" : "inline"),
                ]
                if let cid = attachment.cid { item["content_id"] = .string(cid) }
                return .object(item)
            })
        }
        return body
    }

    /// Lists the accounts the token can reach.
    public func check(_ integration: Integration) async throws -> CheckResult {
        let request = ProviderRequest(
            "GET", try Self.accounts.url("/api/accounts", credentials: integration.credentials),
            headers: [("Accept", "application/json")], auth: try Self.api.auth(CredentialReader(integration.credentials)))
        _ = try await http.send(request, code: Self.api.code)
        return .passed
    }
}
