import Foundation
import HeraldCore

/// MailerSend (`POST /v1/email`, Bearer API token). The body carries `from` (email and name), `to`/`cc`/`bcc`,
/// `reply_to`, `subject`, `text`, `html`, `tags`, `headers` as `{name, value}` and base64 `attachments` (inline ones
/// with `disposition: inline` and their content id). MailerSend answers 202 with the id in the `X-Message-Id`
/// header; a `warnings` body lists suppressed recipients (failed), and `ALL_SUPPRESSED` fails the attempt. Errors
/// `{message, errors: {field: […]}}` record MailerSend's `#MS…` code (else the first field) and are classified by it.
/// The check reads the API quota (`GET /v1/api-quota`), which sends nothing and does not count against the quota.
public struct MailerSendAdapter: StatelessProviderAdapter {
    public let providerIds = ["mailersend"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiKey", "from", "senderName", "baseUrl"] }
    static let api = JSONPostAPI(
        Endpoint("https://api.mailersend.com"), path: "/v1/email", auth: { .bearer(try $0.required("apiKey")) },
        messageId: nil, errorCode: nil)
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        guard case .email(let email) = message else { throw ProviderFailure.misconfigured("mailersend sends email only") }
        let body = EmailAPI.merged(try Self.body(email, credentials: CredentialReader(integration.credentials)), context)
        let request = ProviderRequest(
            "POST", try Self.api.url(integration), headers: [("Accept", "application/json")], body: .json(.object(body)),
            auth: try Self.api.auth(CredentialReader(integration.credentials)))
        let response = try await EmailAPI.classified(Self.codes) {
            try await http.send(request, timeout: .init(context.remaining), code: Self.errorCode)
        }
        return try Self.receipt(response, email: email)
    }

    /// The documented email body.
    static func body(_ email: EmailMessage, credentials: CredentialReader) throws -> [String: JSONValue] {
        var from: [String: JSONValue] = ["email": .string(try EmailAPI.from(email, credentials))]
        if let name = EmailAPI.senderName(email, credentials) { from["name"] = .string(name) }
        var body: [String: JSONValue] = ["from": .object(from), "to": EmailAPI.addresses(email.to), "subject": .string(email.subject)]
        if !email.cc.isEmpty { body["cc"] = EmailAPI.addresses(email.cc) }
        if !email.bcc.isEmpty { body["bcc"] = EmailAPI.addresses(email.bcc) }
        if let replyTo = email.replyTo { body["reply_to"] = .object(["email": .string(replyTo)]) }
        if let text = email.text { body["text"] = .string(text) }
        if let html = email.html { body["html"] = .string(html) }
        if !email.tags.isEmpty { body["tags"] = .array(email.tags.map(JSONValue.string)) }
        if !email.headers.isEmpty {
            body["headers"] = .array(email.headers.sorted { $0.key < $1.key }.map {
                .object(["name": .string($0.key), "value": .string($0.value)])
            })
        }
        if !email.attachments.isEmpty {
            body["attachments"] = .array(email.attachments.map { attachment in
                var item: [String: JSONValue] = [
                    "content": .string(EmailAPI.base64(attachment)), "filename": .string(attachment.filename),
                    "disposition": .string(attachment.cid == nil ? "attachment" : "inline"),
                ]
                if let cid = attachment.cid { item["id"] = .string(cid) }
                return .object(item)
            })
        }
        return body
    }

    /// The `X-Message-Id`, with suppressed recipients from a `warnings` answer.
    static func receipt(_ response: ProviderResponse, email: EmailMessage) throws -> ProviderReceipt {
        var failed: [ProviderReceipt.Recipient] = []
        for warning in response.json?.value(atPath: "warnings")?.arrayValue ?? [] {
            let type = warning.value(atPath: "type")?.stringValue ?? "warning"
            let text = warning.value(atPath: "warning")?.stringValue ?? type
            if type == "ALL_SUPPRESSED" {
                throw ProviderFailure(.invalidRecipient, "MailerSend: \(text)", providerCode: type, httpStatus: response.status)
            }
            for recipient in warning.value(atPath: "recipients")?.arrayValue ?? [] {
                let address = recipient.value(atPath: "email")?.stringValue ?? ""
                let reasons = recipient.value(atPath: "reasons")?.arrayValue?.compactMap(\.stringValue) ?? []
                failed.append(.init(address: address, failure: ProviderFailure(
                    .invalidRecipient, "MailerSend suppressed \(address): \(reasons.joined(separator: ", "))",
                    providerCode: reasons.first ?? type)))
            }
        }
        let id = response.header("X-Message-Id")
        guard !failed.isEmpty else { return ProviderReceipt(messageId: id) }
        let failedAddresses = Set(failed.map { $0.address.lowercased() })
        let sent = (email.to + email.cc + email.bcc).filter { !failedAddresses.contains($0.lowercased()) }
            .map { ProviderReceipt.Recipient(address: $0, messageId: id) }
        return ProviderReceipt(messageId: id, recipients: sent + failed)
    }

    /// The `#MS…` code of the message (`… #MS42207`), else the first invalid field.
    static func errorCode(_ response: ProviderResponse) -> String? {
        guard let json = response.json else { return nil }
        if let message = json.value(atPath: "message")?.stringValue, let range = message.range(of: #"#MS\d+"#, options: .regularExpression) {
            return String(message[range].dropFirst())
        }
        if case .object(let errors) = json.value(atPath: "errors") ?? .null {
            for (field, messages) in errors.sorted(by: { $0.key < $1.key }) {
                let text = messages.arrayValue?.first?.stringValue ?? ""
                if let range = text.range(of: #"#MS\d+"#, options: .regularExpression) { return String(text[range].dropFirst()) }
                return field
            }
        }
        return nil
    }

    /// Reads the API quota with the token.
    public func check(_ integration: Integration) async throws -> CheckResult {
        let request = ProviderRequest(
            "GET", try Self.api.url(integration, path: "/v1/api-quota"), headers: [("Accept", "application/json")],
            auth: try Self.api.auth(CredentialReader(integration.credentials)))
        _ = try await EmailAPI.classified(Self.codes) { try await http.send(request, code: Self.errorCode) }
        return .passed
    }

    /// MailerSend codes Herald classifies specially.
    static let codes: [String: ProviderFailure.Reason] = [
        "MS42901": .quotaExceeded,   // the account's daily API quota is used up
        "MS42903": .rateLimited,     // requests per minute
    ]
}
