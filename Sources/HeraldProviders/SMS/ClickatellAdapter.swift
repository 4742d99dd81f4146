import HeraldCore

/// Clickatell One API: `POST https://platform.clickatell.com/v1/message`, `Authorization: <API key>` (the raw key),
/// JSON `{"messages": [{channel: "sms", to, content, from?}]}` with the number without `+`; `from` only when the
/// delivery gives one (Clickatell's catalogue entry has no sender). Overrides (`overrides.clickatell`) merge into the
/// top-level body. A message with `accepted: false` inside the 202 fails with its error code; error answers carry
/// `error.code`; both are classified by Clickatell's gateway error codes. The id is `messages[0].apiMessageId`.
/// Clickatell documents no read-only call for an integration key, so there is no check.
public struct ClickatellAdapter: StatelessProviderAdapter {
    public let providerIds = ["clickatell"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiKey", "baseUrl"] }
    static let api = JSONPostAPI(
        Endpoint("https://platform.clickatell.com"), path: "/v1/message",
        auth: { .header("Authorization", try $0.required("apiKey")) }, messageId: "messages.0.apiMessageId", errorCode: "error.code")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let sms = try SMSFields.sms(message, "clickatell")
        var item: [String: JSONValue] = [
            "channel": .string("sms"), "to": .string(SMSFields.withoutPlus(sms.to)), "content": .string(sms.content),
        ]
        if let from = sms.from { item["from"] = .string(from) }
        let response = try await Self.codes.classify {
            try await Self.api.post(.object(["messages": .array([.object(item)])]), integration: integration, context: context, http: http)
        }
        let first = response.json?.value(atDottedPath: "messages.0")
        guard first?.value(atPath: "accepted")?.boolValue == true else {
            let error = first?.value(atPath: "error") ?? response.json?.value(atPath: "error")
            throw Self.codes.failure(SMSFields.text(error?.value(atPath: "code")), error?.value(atPath: "description")?.stringValue,
                                     status: response.status)
        }
        return ProviderReceipt(messageId: SMSFields.text(first?.value(atPath: "apiMessageId")))
    }

    /// Clickatell One API gateway error codes.
    static let codes = ProviderErrorCodes([
        "1": .badCredentials,        // invalid or missing integration API key
        "2": .misconfigured,         // account is not active
        "3": .misconfigured,         // integration is not active
        "7": .misconfigured,         // originating IP address is not approved
        "18": .providerUnavailable,  // internal error
        "19": .providerUnavailable,  // internal error, please retry
        "20": .quotaExceeded,        // insufficient account balance
        "23": .rejected,             // invalid or missing parameter
        "24": .rejected,             // maximum message content size exceeded
        "25": .invalidRecipient,     // invalid recipient address
        "26": .rejected,             // recipient opted out
        "27": .invalidRecipient,     // recipient not available on channel
        "28": .rejected,             // recipient not available on sandbox
        "43": .rateLimited,          // rate limit
        "44": .misconfigured,        // from number is suspended
        "45": .misconfigured,        // from number is not related to the integration
        "46": .misconfigured,        // demo access has expired
    ])
}
