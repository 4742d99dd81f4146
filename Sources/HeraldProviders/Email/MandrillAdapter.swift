import HeraldCore
import NIOCore

/// Mandrill, Mailchimp Transactional (`POST /api/1.0/messages/send`, the API key as `key` in the JSON body). The
/// message carries `from_email`/`from_name`, one `to` list typed `to`/`cc`/`bcc`, `subject`, `html`, `text`, the
/// reply-to and custom headers in `headers`, `tags`, the delivery id in `metadata`, `attachments`, and inline images
/// (`images`, named by their content id); overrides are merged at the top level (`async`, `ip_pool`, `send_at`).
/// Mandrill answers one result per recipient: `rejected`/`invalid` ones are listed as failed (by `reject_reason`),
/// and when every recipient failed the attempt fails. Errors `{status: "error", code, name, message}` (HTTP 500 for
/// most) are classified by `name`. The check is `POST /api/1.0/users/ping`, which sends nothing.
public struct MandrillAdapter: StatelessProviderAdapter {
    public let providerIds = ["mandrill"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiKey", "from", "senderName", "baseUrl"] }
    static let endpoint = Endpoint("https://mandrillapp.com")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        guard case .email(let email) = message else { throw ProviderFailure.misconfigured("mandrill sends email only") }
        let credentials = CredentialReader(integration.credentials)
        let body: [String: JSONValue] = [
            "key": .string(try credentials.required("apiKey")),
            "message": .object(try Self.message(email, credentials: credentials, context: context)),
        ]
        let response = try await post("/api/1.0/messages/send", EmailAPI.merged(body, context), integration, context.remaining)
        return try Self.receipt(response.json?.arrayValue ?? [])
    }

    /// The documented message object.
    static func message(_ email: EmailMessage, credentials: CredentialReader, context: SendContext) throws -> [String: JSONValue] {
        func recipients(_ list: [String], _ type: String) -> [JSONValue] {
            list.map { .object(["email": .string($0), "type": .string(type)]) }
        }
        var message: [String: JSONValue] = [
            "from_email": .string(try EmailAPI.from(email, credentials)), "subject": .string(email.subject),
            "to": .array(recipients(email.to, "to") + recipients(email.cc, "cc") + recipients(email.bcc, "bcc")),
            "metadata": .object(["deliveryId": .string(context.deliveryId)]),
        ]
        if let name = EmailAPI.senderName(email, credentials) { message["from_name"] = .string(name) }
        if let html = email.html { message["html"] = .string(html) }
        if let text = email.text { message["text"] = .string(text) }
        var headers = email.headers.mapValues(JSONValue.string)
        if let replyTo = email.replyTo { headers["Reply-To"] = .string(replyTo) }
        if !headers.isEmpty { message["headers"] = .object(headers) }
        if !email.tags.isEmpty { message["tags"] = .array(email.tags.map(JSONValue.string)) }
        let files = email.attachments.filter { $0.cid == nil }
        let images = email.attachments.filter { $0.cid != nil }
        if !files.isEmpty {
            message["attachments"] = .array(files.map {
                .object(["type": .string($0.contentType), "name": .string($0.filename), "content": .string(EmailAPI.base64($0))])
            })
        }
        if !images.isEmpty {
            message["images"] = .array(images.map {
                .object(["type": .string($0.contentType), "name": .string($0.cid ?? $0.filename), "content": .string(EmailAPI.base64($0))])
            })
        }
        return message
    }

    /// Per-recipient results; the attempt fails when no recipient was accepted.
    static func receipt(_ results: [JSONValue]) throws -> ProviderReceipt {
        let recipients = results.map { result -> ProviderReceipt.Recipient in
            let address = result.value(atPath: "email")?.stringValue ?? ""
            let id = result.value(atPath: "_id")?.stringValue
            let status = result.value(atPath: "status")?.stringValue ?? ""
            guard status == "rejected" || status == "invalid" else { return .init(address: address, messageId: id) }
            let reason = result.value(atPath: "reject_reason")?.stringValue ?? status
            return .init(address: address, messageId: id, failure: ProviderFailure(
                status == "invalid" ? .invalidRecipient : rejectReasons[reason] ?? .rejected,
                "Mandrill \(status) \(address): \(reason)", providerCode: reason))
        }
        let accepted = recipients.filter { $0.failure == nil }
        if let first = recipients.first?.failure, accepted.isEmpty { throw first }
        return ProviderReceipt(messageId: accepted.first?.messageId, recipients: recipients)
    }

    /// Pings with the key.
    public func check(_ integration: Integration) async throws -> CheckResult {
        let key = try CredentialReader(integration.credentials).required("apiKey")
        _ = try await post("/api/1.0/users/ping", ["key": .string(key)], integration, nil)
        return .passed
    }

    private func post(_ path: String, _ body: [String: JSONValue], _ integration: Integration, _ remaining: Duration?) async throws -> ProviderResponse {
        let url = try Self.endpoint.url(path, credentials: integration.credentials)
        return try await EmailAPI.classified(Self.errorNames) {
            try await http.send(
                ProviderRequest("POST", url, headers: [("Accept", "application/json")], body: .json(.object(body))),
                timeout: remaining.map { TimeAmount($0) }, code: { EmailAPI.text($0.json?.value(atPath: "name")) })
        }
    }

    /// Mandrill error names (sent with HTTP 500 whatever the cause).
    static let errorNames: [String: ProviderFailure.Reason] = [
        "Invalid_Key": .badCredentials, "PaymentRequired": .quotaExceeded, "Unknown_Subaccount": .misconfigured,
        "Unknown_Template": .misconfigured, "ValidationError": .rejected, "Invalid_Reject": .rejected,
        "ServiceUnavailable": .providerUnavailable, "GeneralError": .unknown,
    ]

    /// `reject_reason`s of a rejected recipient.
    static let rejectReasons: [String: ProviderFailure.Reason] = [
        "hard-bounce": .invalidRecipient, "invalid": .invalidRecipient, "invalid-sender": .misconfigured,
        "unsigned": .misconfigured, "test-mode-limit": .quotaExceeded,
    ]
}
