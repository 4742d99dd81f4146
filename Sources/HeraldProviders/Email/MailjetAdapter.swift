import Foundation
import HeraldCore

/// Mailjet Send API v3.1 (`POST /v3.1/send`, Basic auth with the API key and secret key). The body is
/// `{"Messages": [message]}` with `From` (and its name), `To`/`Cc`/`Bcc`, `Subject`, `TextPart`, `HTMLPart`,
/// `ReplyTo`, `Headers`, `Attachments` and `InlinedAttachments` (those with a `ContentID`), and the delivery id as
/// `CustomID`; overrides are merged at the top level (`SandboxMode`, `Globals`, `AdvanceErrorHandling`). Each
/// recipient's `MessageID` (a 64-bit integer, read from the text so no digit is lost) is recorded; the first `To`'s
/// is the message id. Errors (`Messages[].Errors[]` or a top-level `ErrorCode`) record Mailjet's code; `mj-0013` (an
/// invalid address) is an invalid recipient, or misconfiguration when it is the `From` address. The check
/// lists one sender (`GET /v3/REST/sender?Limit=1`), which sends nothing.
public struct MailjetAdapter: StatelessProviderAdapter {
    public let providerIds = ["mailjet"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiKey", "secretKey", "from", "senderName", "baseUrl"] }
    static let api = JSONPostAPI(
        Endpoint("https://api.mailjet.com"), path: "/v3.1/send",
        auth: { .basic(user: try $0.required("apiKey"), password: try $0.required("secretKey")) },
        messageId: nil, errorCode: nil)
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        guard case .email(let email) = message else { throw ProviderFailure.misconfigured("mailjet sends email only") }
        let body = try Self.message(email, credentials: CredentialReader(integration.credentials), context: context)
        var object: [String: JSONValue] = ["Messages": .array([.object(body)])]
        object.merge(context.overrides) { _, override in override }
        let url = try Self.api.url(integration)
        let response = try await http.execute(
            ProviderRequest("POST", url, headers: [("Accept", "application/json")], body: .json(.object(object)),
                            auth: try Self.api.auth(CredentialReader(integration.credentials))),
            timeout: .init(context.remaining))
        guard response.isSuccess else { throw Self.failure(response) }
        let ids = Self.messageIds(response.text)
        let recipients = (email.to + email.cc + email.bcc).map {
            ProviderReceipt.Recipient(address: $0, messageId: ids[$0.lowercased()])
        }
        return ProviderReceipt(messageId: email.to.first.flatMap { ids[$0.lowercased()] }, recipients: recipients)
    }

    /// One message of the documented body.
    static func message(_ email: EmailMessage, credentials: CredentialReader, context: SendContext) throws -> [String: JSONValue] {
        func addresses(_ list: [String]) -> JSONValue { .array(list.map { .object(["Email": .string($0)]) }) }
        var from: [String: JSONValue] = ["Email": .string(try EmailAPI.from(email, credentials))]
        if let name = EmailAPI.senderName(email, credentials) { from["Name"] = .string(name) }
        var message: [String: JSONValue] = [
            "From": .object(from), "To": addresses(email.to), "Subject": .string(email.subject),
            "CustomID": .string(context.deliveryId),
        ]
        if !email.cc.isEmpty { message["Cc"] = addresses(email.cc) }
        if !email.bcc.isEmpty { message["Bcc"] = addresses(email.bcc) }
        if let text = email.text { message["TextPart"] = .string(text) }
        if let html = email.html { message["HTMLPart"] = .string(html) }
        if let replyTo = email.replyTo { message["ReplyTo"] = .object(["Email": .string(replyTo)]) }
        if !email.headers.isEmpty { message["Headers"] = .object(email.headers.mapValues(JSONValue.string)) }
        let files = email.attachments.filter { $0.cid == nil }
        let inline = email.attachments.filter { $0.cid != nil }
        if !files.isEmpty {
            message["Attachments"] = .array(files.map {
                .object(["ContentType": .string($0.contentType), "Filename": .string($0.filename),
                         "Base64Content": .string(EmailAPI.base64($0))])
            })
        }
        if !inline.isEmpty {
            message["InlinedAttachments"] = .array(inline.map {
                .object(["ContentType": .string($0.contentType), "Filename": .string($0.filename),
                         "ContentID": .string($0.cid ?? ""), "Base64Content": .string(EmailAPI.base64($0))])
            })
        }
        return message
    }

    /// Each recipient's `MessageID` by lower-cased address, as written in the answer (recipient objects are flat).
    static func messageIds(_ text: String) -> [String: String] {
        guard let object = try? NSRegularExpression(pattern: #"\{[^{}]*\}"#),
            let email = try? NSRegularExpression(pattern: #""Email"\s*:\s*"([^"]*)""#),
            let id = try? NSRegularExpression(pattern: #""MessageID"\s*:\s*"?(\d+)"#)
        else { return [:] }
        var ids: [String: String] = [:]
        let whole = NSRange(text.startIndex..., in: text)
        for match in object.matches(in: text, range: whole) {
            guard let range = Range(match.range, in: text) else { continue }
            let item = String(text[range])
            let span = NSRange(item.startIndex..., in: item)
            guard let address = email.firstMatch(in: item, range: span).flatMap({ Range($0.range(at: 1), in: item) }),
                let number = id.firstMatch(in: item, range: span).flatMap({ Range($0.range(at: 1), in: item) })
            else { continue }
            ids[item[address].lowercased()] = String(item[number])
        }
        return ids
    }

    /// The first message error's `ErrorCode` (`send-0003`), else the top-level one, else the HTTP-level `ErrorMessage`
    /// is left to the detail.
    static func errorCode(_ response: ProviderResponse) -> String? {
        guard let json = response.json else { return nil }
        if let messages = json.value(atPath: "Messages")?.arrayValue {
            for message in messages {
                if let code = message.value(atPath: "Errors")?.arrayValue?.first?.value(atPath: "ErrorCode") {
                    return EmailAPI.text(code)
                }
            }
        }
        return EmailAPI.text(json.value(atPath: "ErrorCode"))
    }

    /// An error answer classified: `mj-0013` (an invalid address) is the recipient's fault unless it is about `From`.
    static func failure(_ response: ProviderResponse) -> ProviderFailure {
        let failure = ProviderHTTPClient.failure(for: response, code: errorCode(response))
        guard failure.providerCode == "mj-0013", response.status < 500 else { return failure }
        let related = response.json?.value(atPath: "Messages")?.arrayValue?.first?.value(atPath: "Errors")?.arrayValue?
            .first?.value(atPath: "ErrorRelatedTo")?.arrayValue?.compactMap(\.stringValue) ?? []
        let reason: ProviderFailure.Reason = related.contains { $0.hasPrefix("From") } ? .misconfigured : .invalidRecipient
        return ProviderFailure(reason, failure.message, providerCode: failure.providerCode, httpStatus: failure.httpStatus,
                               retryAfter: failure.retryAfter)
    }

    /// Reads one sender with the key pair.
    public func check(_ integration: Integration) async throws -> CheckResult {
        let request = ProviderRequest(
            "GET", try Self.api.url(integration, path: "/v3/REST/sender?Limit=1"), headers: [("Accept", "application/json")],
            auth: try Self.api.auth(CredentialReader(integration.credentials)))
        _ = try await http.send(request, code: Self.errorCode)
        return .passed
    }
}
