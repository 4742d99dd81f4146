import HeraldCore

/// SparkPost Transmissions (`POST /api/v1/transmissions`, the API key as the raw `Authorization` value; EU accounts
/// with `region: eu`, Novu's legacy `true` too). Recipients carry the tags; cc and bcc recipients get `header_to`
/// (the To addresses) and cc ones are named in a `CC` header, as SparkPost documents. `content` carries `from`
/// (email and name), `subject`, `html`, `text`, `reply_to`, `headers`, `attachments` and `inline_images` (named by
/// content id); the delivery id goes in `metadata`. The id is `results.id`; errors `{errors: [{message, code,
/// description}]}` are classified by SparkPost's extended code. The check lists scheduled transmissions
/// (`GET /api/v1/transmissions`), which needs the same grant as sending and sends nothing.
public struct SparkPostAdapter: StatelessProviderAdapter {
    public let providerIds = ["sparkpost"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiKey", "region", "from", "senderName", "baseUrl"] }
    static let api = JSONPostAPI(
        Endpoint("https://api.sparkpost.com", regions: ["eu": "https://api.eu.sparkpost.com", "true": "https://api.eu.sparkpost.com"]),
        path: "/api/v1/transmissions", regionKey: "region", auth: { .header("Authorization", try $0.required("apiKey")) },
        messageId: "results.id", errorCode: "errors.0.code")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        guard case .email(let email) = message else { throw ProviderFailure.misconfigured("sparkpost sends email only") }
        let body = try Self.body(email, credentials: CredentialReader(integration.credentials), context: context)
        return try await EmailAPI.classified(Self.codes) {
            try await Self.api.send(.object(body), integration: integration, context: context, http: http)
        }
    }

    /// The documented transmission body.
    static func body(_ email: EmailMessage, credentials: CredentialReader, context: SendContext) throws -> [String: JSONValue] {
        let headerTo = email.to.joined(separator: ",")
        func recipients(_ list: [String], copy: Bool) -> [JSONValue] {
            list.map { address in
                var mailbox: [String: JSONValue] = ["email": .string(address)]
                if copy { mailbox["header_to"] = .string(headerTo) }
                var recipient: [String: JSONValue] = ["address": .object(mailbox)]
                if !email.tags.isEmpty { recipient["tags"] = .array(email.tags.map(JSONValue.string)) }
                return .object(recipient)
            }
        }
        var from: [String: JSONValue] = ["email": .string(try EmailAPI.from(email, credentials))]
        if let name = EmailAPI.senderName(email, credentials) { from["name"] = .string(name) }
        var content: [String: JSONValue] = ["from": .object(from), "subject": .string(email.subject)]
        if let html = email.html { content["html"] = .string(html) }
        if let text = email.text { content["text"] = .string(text) }
        if let replyTo = email.replyTo { content["reply_to"] = .string(replyTo) }
        var headers = email.headers.mapValues(JSONValue.string)
        if !email.cc.isEmpty { headers["CC"] = .string(email.cc.joined(separator: ",")) }
        if !headers.isEmpty { content["headers"] = .object(headers) }
        func file(_ attachment: EmailMessage.Attachment, name: String) -> JSONValue {
            .object(["name": .string(name), "type": .string(attachment.contentType), "data": .string(EmailAPI.base64(attachment))])
        }
        let files = email.attachments.filter { $0.cid == nil }
        let images = email.attachments.compactMap { attachment in attachment.cid.map { (attachment, $0) } }
        if !files.isEmpty { content["attachments"] = .array(files.map { file($0, name: $0.filename) }) }
        if !images.isEmpty { content["inline_images"] = .array(images.map { file($0.0, name: $0.1) }) }
        var metadata: [String: JSONValue] = ["deliveryId": .string(context.deliveryId)]
        if let transactionId = context.transactionId { metadata["transactionId"] = .string(transactionId) }
        return [
            "recipients": .array(recipients(email.to, copy: false) + recipients(email.cc, copy: true) + recipients(email.bcc, copy: true)),
            "content": .object(content), "metadata": .object(metadata),
        ]
    }

    /// Lists scheduled transmissions with the key.
    public func check(_ integration: Integration) async throws -> CheckResult {
        let request = ProviderRequest(
            "GET", try Self.api.url(integration), headers: [("Accept", "application/json")],
            auth: try Self.api.auth(CredentialReader(integration.credentials)))
        _ = try await EmailAPI.classified(Self.codes) { try await http.send(request, code: Self.api.code) }
        return .passed
    }

    /// SparkPost extended error codes Herald classifies specially.
    static let codes: [String: ProviderFailure.Reason] = [
        "1100": .badCredentials,                                               // permission denied
        "2101": .quotaExceeded, "2102": .quotaExceeded, "2103": .quotaExceeded,  // hourly, daily, sandbox sending limit (HTTP 420)
        "5002": .invalidRecipient,                                             // at least one valid recipient is required
        "7001": .misconfigured,                                                // unconfigured or unverified sending domain
    ]
}
