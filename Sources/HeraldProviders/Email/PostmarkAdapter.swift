import HeraldCore

/// Postmark (`POST /email`, `X-Postmark-Server-Token`). The body is Postmark's PascalCase email: `From` with the
/// sender name, comma-joined `To`/`Cc`/`Bcc`, `HtmlBody` and `TextBody`, `ReplyTo`, `Headers` as `{Name, Value}`,
/// attachments (inline ones with `ContentID: "cid:…"`), the first tag as `Tag` (Postmark takes one) and the delivery
/// id in `Metadata`. The id is `MessageID`; errors `{ErrorCode, Message}` are classified by `ErrorCode`. The check
/// reads the server (`GET /server`), which needs the same token and sends nothing.
public struct PostmarkAdapter: StatelessProviderAdapter {
    public let providerIds = ["postmark"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiKey", "from", "senderName", "baseUrl"] }
    static let api = JSONPostAPI(
        Endpoint("https://api.postmarkapp.com"), path: "/email",
        auth: { .header("X-Postmark-Server-Token", try $0.required("apiKey")) }, messageId: "MessageID", errorCode: "ErrorCode")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        guard case .email(let email) = message else { throw ProviderFailure.misconfigured("postmark sends email only") }
        let body = try Self.body(email, credentials: CredentialReader(integration.credentials), context: context)
        return try await EmailAPI.classified(Self.codes) {
            try await Self.api.send(.object(body), integration: integration, context: context, http: http)
        }
    }

    /// The documented email body.
    static func body(_ email: EmailMessage, credentials: CredentialReader, context: SendContext) throws -> [String: JSONValue] {
        let from = EmailAPI.mailbox(try EmailAPI.from(email, credentials), name: EmailAPI.senderName(email, credentials))
        var body: [String: JSONValue] = [
            "From": .string(from), "To": .string(email.to.joined(separator: ", ")), "Subject": .string(email.subject),
        ]
        if !email.cc.isEmpty { body["Cc"] = .string(email.cc.joined(separator: ", ")) }
        if !email.bcc.isEmpty { body["Bcc"] = .string(email.bcc.joined(separator: ", ")) }
        if let html = email.html { body["HtmlBody"] = .string(html) }
        if let text = email.text { body["TextBody"] = .string(text) }
        if let replyTo = email.replyTo { body["ReplyTo"] = .string(replyTo) }
        if let tag = email.tags.first { body["Tag"] = .string(tag) }
        if !email.headers.isEmpty {
            body["Headers"] = .array(email.headers.sorted { $0.key < $1.key }.map {
                .object(["Name": .string($0.key), "Value": .string($0.value)])
            })
        }
        if !email.attachments.isEmpty {
            body["Attachments"] = .array(email.attachments.map { attachment in
                var item: [String: JSONValue] = [
                    "Name": .string(attachment.filename), "Content": .string(EmailAPI.base64(attachment)),
                    "ContentType": .string(attachment.contentType),
                ]
                if let cid = attachment.cid { item["ContentID"] = .string("cid:" + cid) }
                return .object(item)
            })
        }
        var metadata: [String: JSONValue] = ["deliveryId": .string(context.deliveryId)]
        if let transactionId = context.transactionId { metadata["transactionId"] = .string(transactionId) }
        body["Metadata"] = .object(metadata)
        return body
    }

    /// The server the token belongs to.
    public func check(_ integration: Integration) async throws -> CheckResult {
        let credentials = CredentialReader(integration.credentials)
        let request = ProviderRequest(
            "GET", try Self.api.url(integration, path: "/server"), headers: [("Accept", "application/json")],
            auth: try Self.api.auth(credentials))
        _ = try await EmailAPI.classified(Self.codes) { try await http.send(request, code: Self.api.code) }
        return .passed
    }

    /// Postmark API error codes Herald classifies specially.
    static let codes: [String: ProviderFailure.Reason] = [
        "10": .badCredentials,        // bad or missing server token
        "100": .providerUnavailable,  // maintenance
        "300": .rejected,             // invalid email request
        "400": .misconfigured,        // sender signature not found
        "401": .misconfigured,        // sender signature not confirmed
        "405": .quotaExceeded,        // not allowed to send (out of credits)
        "406": .invalidRecipient,     // inactive recipient (hard bounce, complaint or suppression)
        "412": .misconfigured,        // account is pending
        "413": .misconfigured,        // account may not send
        "429": .rateLimited,          // rate limit exceeded
    ]
}
