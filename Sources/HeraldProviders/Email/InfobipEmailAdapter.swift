import HeraldCore

/// Infobip Email (`POST {baseUrl}/email/3/send`, `multipart/form-data`, `Authorization: App <apiKey>`). `baseUrl` is
/// the account's personal API host (`xxxxx.api.infobip.com`; `https://` is added when it has no scheme). Fields, as
/// Infobip documents them: `from` with the sender name, one `to`/`cc`/`bcc` field per address, `subject`, `text`,
/// `html`, `replyTo`, `headers` (a JSON object as text), the delivery id as `callbackData`, one `attachment` file per
/// attachment and `inlineImage` files named by their content id (`cid:<id>` in the HTML); overrides become fields
/// (`notifyUrl`, `track`, `ipPoolId`, …; booleans `true`/`false`, arrays repeat, objects as JSON). Each recipient gets
/// its own message: the id is the first `messages[].messageId`, and a recipient whose status group is REJECTED is
/// listed as failed. Errors `{"requestError": {"serviceException": {messageId, text}}}` are classified by that
/// `messageId`. The check lists the account's email domains (`GET /email/1/domains`, which needs an API key scope
/// that can read them, e.g. `email:manage`).
public struct InfobipEmailAdapter: StatelessProviderAdapter {
    public let providerIds = ["infobip-email"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiKey", "baseUrl", "from", "senderName"] }
    static let endpoint = Endpoint("https://api.infobip.com")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        guard case .email(let email) = message else { throw ProviderFailure.misconfigured("infobip-email sends email only") }
        let integration = try InfobipSMSAdapter.withScheme(integration)
        let credentials = CredentialReader(integration.credentials)
        var parts = try Self.fields(email, credentials: credentials, context: context).map { MultipartBody.Part.field($0.0, $0.1) }
        parts += Self.overrideFields(context.overrides).map { MultipartBody.Part.field($0.0, $0.1) }
        parts += email.attachments.map {
            .file($0.cid == nil ? "attachment" : "inlineImage", filename: $0.cid ?? $0.filename, contentType: $0.contentType, data: $0.content)
        }
        let request = ProviderRequest(
            "POST", try Self.endpoint.url("/email/3/send", credentials: integration.credentials),
            headers: [("Accept", "application/json")], body: .multipart(MultipartBody(parts)), auth: try Self.auth(credentials))
        let response = try await InfobipSMSAdapter.codes.classify {
            try await http.send(request, timeout: .init(context.remaining), code: Self.errorCode)
        }
        let receipt = Self.receipt(response)
        if !receipt.recipients.isEmpty, receipt.failedRecipients.count == receipt.recipients.count,
            let failure = receipt.recipients.first?.failure
        {
            throw failure
        }
        return receipt
    }

    /// Overrides as form fields: strings, numbers and booleans as text, arrays repeated, objects as JSON.
    static func overrideFields(_ overrides: [String: JSONValue]) -> [(String, String)] {
        overrides.sorted { $0.key < $1.key }.flatMap { key, value in
            (value.arrayValue ?? [value]).compactMap { item -> (String, String)? in
                switch item {
                case .null: nil
                case .string(let text): (key, text)
                default: (key, String(decoding: item.encoded(), as: UTF8.self))
                }
            }
        }
    }

    /// The documented text fields, in order.
    static func fields(_ email: EmailMessage, credentials: CredentialReader, context: SendContext) throws -> [(String, String)] {
        var fields: [(String, String)] = [
            ("from", EmailAPI.mailbox(try EmailAPI.from(email, credentials), name: EmailAPI.senderName(email, credentials))),
        ]
        fields += email.to.map { ("to", $0) } + email.cc.map { ("cc", $0) } + email.bcc.map { ("bcc", $0) }
        fields.append(("subject", email.subject))
        if let text = email.text { fields.append(("text", text)) }
        if let html = email.html { fields.append(("html", html)) }
        if let replyTo = email.replyTo { fields.append(("replyTo", replyTo)) }
        if !email.headers.isEmpty {
            fields.append(("headers", String(decoding: JSONValue.object(email.headers.mapValues(JSONValue.string)).encoded(), as: UTF8.self)))
        }
        fields.append(("callbackData", context.deliveryId))
        return fields
    }

    /// The first message id; recipients in status group REJECTED (5) are listed as failed.
    static func receipt(_ response: ProviderResponse) -> ProviderReceipt {
        let messages = response.json?.value(atPath: "messages")?.arrayValue ?? []
        let recipients = messages.compactMap { item -> ProviderReceipt.Recipient? in
            guard let address = item.value(atPath: "to")?.stringValue else { return nil }
            let id = SMSFields.text(item.value(atPath: "messageId"))
            guard SMSFields.text(item.value(atDottedPath: "status.groupId")) == "5" else { return .init(address: address, messageId: id) }
            let name = item.value(atDottedPath: "status.name")?.stringValue
            let failure = InfobipSMSAdapter.codes.failure(
                name, item.value(atDottedPath: "status.description")?.stringValue, status: response.status, otherwise: .invalidRecipient)
            return .init(address: address, messageId: id, failure: failure)
        }
        let first = messages.first.flatMap { SMSFields.text($0.value(atPath: "messageId")) }
        return ProviderReceipt(messageId: first, recipients: recipients)
    }

    static func auth(_ credentials: CredentialReader) throws -> ProviderRequest.Auth {
        .header("Authorization", "App " + (try credentials.required("apiKey")))
    }

    /// Infobip's request error id.
    static func errorCode(_ response: ProviderResponse) -> String? {
        SMSFields.text(response.json?.value(atDottedPath: "requestError.serviceException.messageId"))
    }

    /// Lists the account's email domains with the key.
    public func check(_ integration: Integration) async throws -> CheckResult {
        let integration = try InfobipSMSAdapter.withScheme(integration)
        let request = ProviderRequest(
            "GET", try Self.endpoint.url("/email/1/domains", credentials: integration.credentials),
            headers: [("Accept", "application/json")], auth: try Self.auth(CredentialReader(integration.credentials)))
        _ = try await InfobipSMSAdapter.codes.classify { try await http.send(request, code: Self.errorCode) }
        return .passed
    }
}
