import HeraldCore

/// WhatsApp Business Platform, Cloud API: `POST https://graph.facebook.com/v24.0/{phoneNumberIdentification}/messages`
/// with `Authorization: Bearer <apiToken>` and JSON `{messaging_product: "whatsapp", recipient_type: "individual", to,
/// type: "text", text: {body, preview_url: false}}` to the delivery's `to.phone`. An override naming another message
/// type (`overrides.whatsapp-business.template: {name, language: {code}, components}`, or `interactive`, `image`, …)
/// sends that type instead of the text; every override joins the body. The id is `messages[0].id` (the `wamid`).
/// Graph errors `{error: {message, type, code, error_data, fbtrace_id}}` are classified by `code` (throttling comes
/// as 400 with codes 4, 80007, 130429, 131048 and 131056). The check reads the phone number
/// (`GET /{id}?fields=display_phone_number,verified_name`).
public struct WhatsAppBusinessAdapter: StatelessProviderAdapter {
    public let providerIds = ["whatsapp-business"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiToken", "phoneNumberIdentification", "baseUrl"] }
    static let endpoint = Endpoint("https://graph.facebook.com")
    /// The Graph API version.
    static let version = "v24.0"
    /// Message types the Cloud API sends besides text, each named by its body key.
    static let types = ["template", "interactive", "image", "document", "video", "audio", "location", "contacts", "sticker", "reaction"]
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        guard case .chat(let chat) = message else { throw ProviderFailure.misconfigured("whatsapp-business sends chat messages only") }
        guard let phone = chat.phone, !phone.isEmpty else {
            throw ProviderFailure(.invalidRecipient, "to.phone is required for whatsapp-business")
        }
        let credentials = CredentialReader(integration.credentials)
        let url = try Self.endpoint.url("/\(Self.version)/\(try Self.phoneNumberId(credentials))/messages", credentials: integration.credentials)
        let response = try await Self.classified {
            try await http.send(
                ProviderRequest("POST", url, body: .json(.object(Self.body(to: phone, content: chat.content, overrides: context.overrides))),
                                auth: .bearer(try credentials.required("apiToken"))),
                timeout: .init(context.remaining), code: Self.errorCode)
        }
        let id = response.json?.value(atPath: "messages")?.arrayValue?.first?.value(atPath: "id")
        return ProviderReceipt(messageId: ChatWebhook.string(id))
    }

    public func check(_ integration: Integration) async throws -> CheckResult {
        let credentials = CredentialReader(integration.credentials)
        let url = try Self.endpoint.url(
            "/\(Self.version)/\(try Self.phoneNumberId(credentials))?fields=display_phone_number,verified_name",
            credentials: integration.credentials)
        _ = try await Self.classified {
            try await http.send(ProviderRequest("GET", url, auth: .bearer(try credentials.required("apiToken"))), code: Self.errorCode)
        }
        return .passed
    }

    /// The Cloud API message: text, or the message type an override names.
    static func body(to phone: String, content: String, overrides: [String: JSONValue]) -> [String: JSONValue] {
        var body: [String: JSONValue] = [
            "messaging_product": .string("whatsapp"), "recipient_type": .string("individual"), "to": .string(phone),
        ]
        if let type = types.first(where: { overrides[$0] != nil }) {
            body["type"] = .string(type)
        } else {
            body["type"] = .string("text")
            body["text"] = .object(["body": .string(content), "preview_url": .bool(false)])
        }
        body.merge(overrides) { _, override in override }
        return body
    }

    /// The phone-number id (digits) for the URL path.
    static func phoneNumberId(_ credentials: CredentialReader) throws -> String {
        let id = try credentials.required("phoneNumberIdentification")
        guard id.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ProviderFailure.misconfigured("credentials.phoneNumberIdentification must be the Cloud API phone-number id (digits)")
        }
        return id
    }

    /// Graph's `error.code`, as the provider code.
    static func errorCode(_ response: ProviderResponse) -> String? {
        ChatWebhook.string(response.json?.value(atPath: "error")?.value(atPath: "code"))
    }

    /// Reclassifies by the Graph / Cloud API error code.
    static func classified<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let failure as ProviderFailure {
            guard let code = failure.providerCode, let reason = reason(code), reason != failure.reason else { throw failure }
            throw ProviderFailure(reason, failure.message, providerCode: code, httpStatus: failure.httpStatus,
                                  retryAfter: failure.retryAfter)
        }
    }

    /// The reason a Cloud API error code means, when it says more than the status.
    static func reason(_ code: String) -> ProviderFailure.Reason? {
        if let number = Int(code), (200...299).contains(number) { return .badCredentials }  // permission errors
        return codes[code]
    }

    /// Cloud API error codes Herald classifies specially.
    static let codes: [String: ProviderFailure.Reason] = [
        "0": .badCredentials,         // AuthException
        "190": .badCredentials,       // access token expired or invalid
        "10": .badCredentials,        // permission denied
        "3": .misconfigured,          // the app lacks the capability
        "33": .misconfigured,         // the business phone number was deleted
        "133010": .misconfigured,     // the business phone number is not registered
        "131031": .misconfigured,     // the business account is locked
        "131042": .quotaExceeded,     // business eligibility payment issue
        "4": .rateLimited,            // too many API calls
        "80007": .rateLimited,        // WhatsApp Business Account rate limit
        "130429": .rateLimited,       // Cloud API throughput reached
        "131048": .rateLimited,       // spam rate limit
        "131056": .rateLimited,       // business-consumer pair rate limit
        "1": .providerUnavailable,    // API unknown
        "2": .providerUnavailable,    // API service (temporary)
        "131000": .providerUnavailable,  // something went wrong
        "131016": .providerUnavailable,  // service unavailable
        "131026": .invalidRecipient,  // undeliverable (e.g. not a WhatsApp user)
        "131030": .invalidRecipient,  // recipient not in the test number's allowed list
        "131047": .rejected,          // outside the 24-hour window: a template is needed
        "368": .rejected,             // temporarily blocked for policy violations
        "100": .rejected,             // invalid parameter
        "132000": .rejected,          // template parameter count mismatch
        "132001": .rejected,          // template does not exist
        "132012": .rejected,          // template parameter format mismatch
    ]
}
