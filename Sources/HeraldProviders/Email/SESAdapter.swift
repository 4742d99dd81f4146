import Foundation
import HeraldCore

/// Amazon SES through the SESv2 API: `POST /v2/email/outbound-emails` (Signature V4, service `ses`, host
/// `email.{region}.amazonaws.com`). Simple content (subject, text, HTML, custom headers) when there are no
/// attachments, raw MIME built by Herald when there are; `Destination` carries to/cc/bcc and `ReplyToAddresses` the
/// reply-to. The delivery id goes out as the `herald_delivery` email tag, so SES event publishing can name it. The
/// message id is `MessageId`; errors are classified by AWS's error type. The check reads the sender's identity (its
/// domain, else its address: `GetEmailIdentity`) and needs it verified for sending.
public struct SESAdapter: StatelessProviderAdapter {
    public let providerIds = ["ses"]
    public func credentialKeys(for providerId: String) -> Set<String> {
        ["apiKey", "secretKey", "region", "from", "senderName", "baseUrl"]
    }
    static let api = AWSRequest(service: "ses", hostPrefix: "email")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        guard case .email(let email) = message else { throw ProviderFailure.misconfigured("ses sends email only") }
        var body = try Self.body(email, credentials: CredentialReader(integration.credentials), context: context)
        body.merge(context.overrides) { _, override in override }
        let request = try Self.api.request("POST", "/v2/email/outbound-emails", body: .json(.object(body)), integration: integration)
        let response = try await AWSRequest.classified(Self.codes) {
            try await http.send(request, timeout: .init(context.remaining), code: AWSRequest.errorCode)
        }
        return ProviderReceipt(messageId: response.json?.value(atPath: "MessageId")?.stringValue)
    }

    /// The SendEmail body, as the SESv2 API reference documents it.
    static func body(_ email: EmailMessage, credentials: CredentialReader, context: SendContext) throws -> [String: JSONValue] {
        let from = try email.from ?? credentials.required("from")
        let name = email.senderName ?? credentials.optional("senderName")
        func list(_ items: [String]) -> JSONValue { .array(items.map(JSONValue.string)) }
        var destination: [String: JSONValue] = ["ToAddresses": list(email.to)]
        if !email.cc.isEmpty { destination["CcAddresses"] = list(email.cc) }
        if !email.bcc.isEmpty { destination["BccAddresses"] = list(email.bcc) }
        var body: [String: JSONValue] = [
            "FromEmailAddress": .string(MIMEMessage.mailbox(from, name: name)), "Destination": .object(destination),
            "EmailTags": .array([.object(["Name": .string("herald_delivery"), "Value": .string(context.deliveryId)])]),
        ]
        if let replyTo = email.replyTo { body["ReplyToAddresses"] = list([replyTo]) }
        if email.attachments.isEmpty {
            func text(_ value: String) -> JSONValue { .object(["Data": .string(value), "Charset": .string("UTF-8")]) }
            var parts: [String: JSONValue] = [:]
            if let plain = email.text { parts["Text"] = text(plain) }
            if let html = email.html { parts["Html"] = text(html) }
            var simple: [String: JSONValue] = ["Subject": text(email.subject), "Body": .object(parts)]
            if !email.headers.isEmpty {
                simple["Headers"] = .array(email.headers.sorted { $0.key < $1.key }.map {
                    .object(["Name": .string($0.key), "Value": .string($0.value)])
                })
            }
            body["Content"] = .object(["Simple": .object(simple)])
        } else {
            let mime = MIMEMessage(email, from: from, senderName: name)
            body["Content"] = .object(["Raw": .object(["Data": .string(Base64.encode(mime.bytes))])])
        }
        return body
    }

    public func check(_ integration: Integration) async throws -> CheckResult {
        let from = try CredentialReader(integration.credentials).required("from")
        let domain = from.split(separator: "@").last.map(String.init) ?? from
        // The domain identity first (the usual setup), then the address itself.
        for identity in domain == from ? [from] : [domain, from] {
            let path = "/v2/email/identities/" + PercentEncoding.encode(identity)
            let request = try Self.api.request("GET", path, body: .none, integration: integration)
            let response = try await http.execute(request)
            if response.status == 404 { continue }
            guard response.isSuccess else {
                throw AWSRequest.reclassified(
                    ProviderHTTPClient.failure(for: response, code: AWSRequest.errorCode(response)), Self.codes)
            }
            let json = response.json
            let verified = json?.value(atPath: "VerifiedForSendingStatus") == .bool(true)
                || json?.value(atPath: "VerificationStatus") == .string("SUCCESS")
            guard verified else { throw ProviderFailure.misconfigured("the SES identity \(identity) is not verified for sending") }
            return .passed
        }
        throw ProviderFailure.misconfigured("neither \(domain) nor \(from) is an SES identity in this region")
    }

    /// SESv2 error types Herald classifies specially (the shared AWS ones are in ``AWSRequest``).
    static let codes: [String: ProviderFailure.Reason] = [
        "MessageRejected": .rejected,
        "MailFromDomainNotVerifiedException": .misconfigured,
        "NotFoundException": .misconfigured,             // an identity or configuration set that does not exist
        "AccountSuspendedException": .misconfigured,
        "SendingPausedException": .misconfigured,        // sending is paused for the account or configuration set
        "LimitExceededException": .rejected,             // a resource service limit (not the sending quota)
        "BadRequestException": .rejected,
        // The daily quota and the sending rate answer ThrottlingException ("Daily message quota exceeded" /
        // "Maximum sending rate exceeded"); AWS says wait up to 10 minutes and retry: rate_limited, in AWSRequest.
    ]
}
