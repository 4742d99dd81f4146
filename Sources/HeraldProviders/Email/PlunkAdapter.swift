import HeraldCore

/// Plunk (`POST /v1/send`, Bearer secret key). The body carries `to` (an array: Plunk sends each recipient their own
/// copy and has no cc or bcc, so those addresses are added as recipients too), `subject`, `body` (the HTML, else the
/// text), `from`, `name` (the sender name), `reply`, `headers` and base64 `attachments`. Plunk answers one entry per
/// recipient; the id is the first email id (`emails[0].email`, not the contact id Novu keeps). Errors record Plunk's
/// `error` and are classified by status. Plunk has no cheap authenticated read, so there is no check.
public struct PlunkAdapter: StatelessProviderAdapter {
    public let providerIds = ["plunk"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiKey", "from", "senderName", "baseUrl"] }
    static let api = JSONPostAPI(
        Endpoint("https://api.useplunk.com"), path: "/v1/send", auth: { .bearer(try $0.required("apiKey")) },
        messageId: "emails.0.email", errorCode: "error")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        guard case .email(let email) = message else { throw ProviderFailure.misconfigured("plunk sends email only") }
        let body = try Self.body(email, credentials: CredentialReader(integration.credentials))
        let response = try await Self.api.post(.object(body), integration: integration, context: context, http: http)
        let emails = response.json?.value(atPath: "emails")?.arrayValue ?? []
        let recipients = emails.map {
            ProviderReceipt.Recipient(
                address: $0.value(atDottedPath: "contact.email")?.stringValue ?? "", messageId: $0.value(atPath: "email")?.stringValue)
        }
        return ProviderReceipt(messageId: recipients.first?.messageId, recipients: recipients)
    }

    /// The documented send body.
    static func body(_ email: EmailMessage, credentials: CredentialReader) throws -> [String: JSONValue] {
        var body: [String: JSONValue] = [
            "to": .array((email.to + email.cc + email.bcc).map(JSONValue.string)), "subject": .string(email.subject),
            "body": .string(email.html ?? email.text ?? ""), "from": .string(try EmailAPI.from(email, credentials)),
        ]
        if let name = EmailAPI.senderName(email, credentials) { body["name"] = .string(name) }
        if let replyTo = email.replyTo { body["reply"] = .string(replyTo) }
        if !email.headers.isEmpty { body["headers"] = .object(email.headers.mapValues(JSONValue.string)) }
        if !email.attachments.isEmpty {
            body["attachments"] = .array(email.attachments.map {
                .object(["filename": .string($0.filename), "content": .string(EmailAPI.base64($0)),
                         "contentType": .string($0.contentType)])
            })
        }
        return body
    }
}
