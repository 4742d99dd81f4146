import HeraldCore

/// Telnyx Messaging: `POST https://api.telnyx.com/v2/messages`, Bearer API key, JSON `{from, to, text,
/// messaging_profile_id}`. Overrides (`overrides.telnyx`) are Telnyx's fields (`webhook_url`, `type`, `media_urls`,
/// …). The id is `data.id`; errors `{"errors": [{code, title, detail}]}` are classified by Telnyx's documented codes.
/// The check reads the balance (`GET /v2/balance`).
public struct TelnyxAdapter: StatelessProviderAdapter {
    public let providerIds = ["telnyx"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiKey", "messageProfileId", "from", "baseUrl"] }
    static let api = JSONPostAPI(
        Endpoint("https://api.telnyx.com"), path: "/v2/messages", auth: { .bearer(try $0.required("apiKey")) },
        messageId: "data.id", errorCode: "errors.0.code")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let sms = try SMSFields.sms(message, "telnyx")
        let credentials = CredentialReader(integration.credentials)
        var body: [String: JSONValue] = [
            "from": .string(try sms.from ?? credentials.required("from")), "to": .string(sms.to), "text": .string(sms.content),
        ]
        if let profile = credentials.optional("messageProfileId") { body["messaging_profile_id"] = .string(profile) }
        return try await Self.codes.classify {
            try await Self.api.send(.object(body), integration: integration, context: context, http: http)
        }
    }

    public func check(_ integration: Integration) async throws -> CheckResult {
        _ = try await Self.codes.classify { try await Self.api.get("/v2/balance", integration: integration, http: http) }
        return .passed
    }

    /// Telnyx API and messaging error codes (developers.telnyx.com, API errors and messaging error codes).
    static let codes = ProviderErrorCodes([
        "10009": .badCredentials,    // authentication failed
        "10010": .badCredentials,    // authorization failed
        "10011": .rateLimited,       // too many requests
        "10016": .invalidRecipient,  // phone number must be in +E.164 format
        "40300": .rejected,          // blocked: the recipient replied STOP
        "40305": .misconfigured,     // invalid 'from' address
        "40310": .invalidRecipient,  // invalid 'to' address
        "40001": .invalidRecipient,  // not routable (landline or non-routable number)
        "40008": .invalidRecipient,  // undeliverable
    ])
}
