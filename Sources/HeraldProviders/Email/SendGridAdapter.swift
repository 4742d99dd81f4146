import Foundation
import HeraldCore

/// SendGrid v3 Mail Send (`POST /v3/mail/send`, Bearer API key; EU data residency with `region: eu`). The
/// message id is the `X-Message-Id` response header; errors are `{"errors": [{message, field, help}]}`. The check
/// reads the key's scopes (`GET /v3/scopes`) and needs `mail.send`, so nothing is sent.
public struct SendGridAdapter: StatelessProviderAdapter {
    public let providerIds = ["sendgrid"]
    public func credentialKeys(for providerId: String) -> Set<String> {
        ["apiKey", "region", "ipPoolName", "from", "senderName", "baseUrl"]
    }
    static let endpoint = Endpoint("https://api.sendgrid.com", regions: ["eu": "https://api.eu.sendgrid.com"])
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        guard case .email(let email) = message else { throw ProviderFailure.misconfigured("sendgrid sends email only") }
        let credentials = CredentialReader(integration.credentials)
        let apiKey = try credentials.required("apiKey")
        let url = try Self.endpoint.url("/v3/mail/send", credentials: integration.credentials, region: credentials.optional("region"))
        var body = try Self.body(email, credentials: credentials, context: context)
        body.merge(context.overrides) { _, override in override }
        let response = try await http.send(
            ProviderRequest("POST", url, headers: [("Accept", "application/json")], body: .json(.object(body)), auth: .bearer(apiKey)),
            timeout: .init(context.remaining), code: Self.errorField)
        return ProviderReceipt(messageId: response.header("X-Message-Id"))
    }

    /// The Mail Send body, as SendGrid documents it.
    static func body(_ email: EmailMessage, credentials: CredentialReader, context: SendContext) throws -> [String: JSONValue] {
        var personalization: [String: JSONValue] = ["to": EmailAPI.addresses(email.to)]
        if !email.cc.isEmpty { personalization["cc"] = EmailAPI.addresses(email.cc) }
        if !email.bcc.isEmpty { personalization["bcc"] = EmailAPI.addresses(email.bcc) }
        var from: [String: JSONValue] = ["email": .string(try email.from ?? credentials.required("from"))]
        if let name = email.senderName ?? credentials.optional("senderName") { from["name"] = .string(name) }
        var content: [JSONValue] = []
        // SendGrid requires text/plain before text/html.
        if let text = email.text { content.append(.object(["type": .string("text/plain"), "value": .string(text)])) }
        if let html = email.html { content.append(.object(["type": .string("text/html"), "value": .string(html)])) }
        var body: [String: JSONValue] = [
            "personalizations": .array([.object(personalization)]), "from": .object(from),
            "subject": .string(email.subject), "content": .array(content),
        ]
        if let replyTo = email.replyTo { body["reply_to"] = .object(["email": .string(replyTo)]) }
        if !email.attachments.isEmpty {
            body["attachments"] = .array(email.attachments.map { attachment in
                var item: [String: JSONValue] = [
                    "content": .string(Data(attachment.content).base64EncodedString()), "filename": .string(attachment.filename),
                    "type": .string(attachment.contentType),
                    "disposition": .string(attachment.cid == nil ? "attachment" : "inline"),
                ]
                if let cid = attachment.cid { item["content_id"] = .string(cid) }
                return .object(item)
            })
        }
        if !email.headers.isEmpty { body["headers"] = .object(email.headers.mapValues(JSONValue.string)) }
        if !email.tags.isEmpty { body["categories"] = .array(email.tags.map(JSONValue.string)) }
        var customArgs: [String: JSONValue] = ["id": .string(context.deliveryId)]
        if let transactionId = context.transactionId { customArgs["transactionId"] = .string(transactionId) }
        body["custom_args"] = .object(customArgs)
        if let pool = credentials.optional("ipPoolName") { body["ip_pool_name"] = .string(pool) }
        return body
    }

    /// The first error's `field`, as the provider code.
    static func errorField(_ response: ProviderResponse) -> String? {
        response.json?.value(atPath: "errors")?.arrayValue?.first?.value(atPath: "field")?.stringValue
    }

    /// The key's scopes must include `mail.send`.
    public func check(_ integration: Integration) async throws -> CheckResult {
        let credentials = CredentialReader(integration.credentials)
        let url = try Self.endpoint.url("/v3/scopes", credentials: integration.credentials, region: credentials.optional("region"))
        let response = try await http.send(
            ProviderRequest("GET", url, headers: [("Accept", "application/json")], auth: .bearer(try credentials.required("apiKey"))),
            code: Self.errorField)
        let scopes = response.json?.value(atPath: "scopes")?.arrayValue?.compactMap(\.stringValue) ?? []
        guard scopes.contains("mail.send") else {
            throw ProviderFailure.misconfigured("the SendGrid API key lacks the mail.send scope")
        }
        return .passed
    }
}
