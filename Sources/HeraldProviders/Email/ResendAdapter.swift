import HeraldCore

/// Resend (`POST /emails`, Bearer API key). The body carries `from` with the sender name, `to`/`cc`/`bcc` arrays,
/// `subject`, `html`, `text`, `reply_to`, `headers`, base64 `attachments` (inline ones with `content_id`) and the tags
/// as `{name, value: "true"}`; the delivery id is the `Idempotency-Key` header, so a retried attempt is not sent twice
/// within Resend's 24 hours. The id is `id`; errors `{statusCode, name, message}` are classified by `name`. The check
/// lists the domains (`GET /domains`); a sending-only key answers `restricted_api_key`, which proves the key is valid.
public struct ResendAdapter: StatelessProviderAdapter {
    public let providerIds = ["resend"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiKey", "from", "senderName", "baseUrl"] }
    static let api = JSONPostAPI(
        Endpoint("https://api.resend.com"), path: "/emails", auth: { .bearer(try $0.required("apiKey")) },
        messageId: "id", errorCode: "name")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        guard case .email(let email) = message else { throw ProviderFailure.misconfigured("resend sends email only") }
        let body = try Self.body(email, credentials: CredentialReader(integration.credentials))
        return try await Self.classified {
            try await Self.api.send(
                .object(body), integration: integration, context: context, http: http,
                headers: [("Idempotency-Key", String(context.deliveryId.prefix(256)))])
        }
    }

    /// The documented send body.
    static func body(_ email: EmailMessage, credentials: CredentialReader) throws -> [String: JSONValue] {
        func list(_ addresses: [String]) -> JSONValue { .array(addresses.map(JSONValue.string)) }
        var body: [String: JSONValue] = [
            "from": .string(EmailAPI.mailbox(try EmailAPI.from(email, credentials), name: EmailAPI.senderName(email, credentials))),
            "to": list(email.to), "subject": .string(email.subject),
        ]
        if !email.cc.isEmpty { body["cc"] = list(email.cc) }
        if !email.bcc.isEmpty { body["bcc"] = list(email.bcc) }
        if let html = email.html { body["html"] = .string(html) }
        if let text = email.text { body["text"] = .string(text) }
        if let replyTo = email.replyTo { body["reply_to"] = .string(replyTo) }
        if !email.headers.isEmpty { body["headers"] = .object(email.headers.mapValues(JSONValue.string)) }
        if !email.tags.isEmpty {
            body["tags"] = .array(email.tags.map { .object(["name": .string($0), "value": .string("true")]) })
        }
        if !email.attachments.isEmpty {
            body["attachments"] = .array(email.attachments.map { attachment in
                var item: [String: JSONValue] = [
                    "filename": .string(attachment.filename), "content": .string(EmailAPI.base64(attachment)),
                    "content_type": .string(attachment.contentType),
                ]
                if let cid = attachment.cid { item["content_id"] = .string(cid) }
                return .object(item)
            })
        }
        return body
    }

    /// The key can read the domains, or is valid and restricted to sending.
    public func check(_ integration: Integration) async throws -> CheckResult {
        let request = ProviderRequest(
            "GET", try Self.api.url(integration, path: "/domains"), headers: [("Accept", "application/json")],
            auth: try Self.api.auth(CredentialReader(integration.credentials)))
        do {
            _ = try await Self.classified { try await http.send(request, code: Self.api.code) }
        } catch let failure as ProviderFailure where failure.providerCode == "restricted_api_key" {
            return .passed
        }
        return .passed
    }

    /// Reclassifies by Resend's error `name`; a 403 `validation_error` is Resend refusing the sender (an unverified
    /// domain, or a testing key sending to others), which is configuration, not credentials.
    static func classified<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await EmailAPI.classified(codes, body)
        } catch let failure as ProviderFailure where failure.providerCode == "validation_error" && failure.httpStatus == 403 {
            throw ProviderFailure(.misconfigured, failure.message, providerCode: failure.providerCode, httpStatus: 403,
                                  retryAfter: failure.retryAfter)
        }
    }

    /// Resend error names Herald classifies specially.
    static let codes: [String: ProviderFailure.Reason] = [
        "missing_api_key": .badCredentials, "invalid_api_key": .badCredentials,
        "invalid_from_address": .misconfigured,
        "daily_quota_exceeded": .quotaExceeded, "monthly_quota_exceeded": .quotaExceeded,
        "rate_limit_exceeded": .rateLimited,
        "concurrent_idempotent_requests": .rateLimited,   // the same key is still in flight: try again shortly
    ]
}
