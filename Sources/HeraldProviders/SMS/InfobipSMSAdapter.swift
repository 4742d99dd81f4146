import HeraldCore

/// Infobip SMS: `POST {baseUrl}/sms/2/text/advanced`, `Authorization: App <key>`, JSON
/// `{"messages": [{"destinations": [{"to"}], "from", "text"}]}`. `baseUrl` is the account's personal API host
/// (`xxxxx.api.infobip.com`; `https://` is added when it has no scheme). Overrides (`overrides.infobip-sms`) merge
/// into the top-level body (`bulkId`, `tracking`, or a whole `messages` array). The id is `messages[0].messageId`;
/// a message in status group REJECTED (5) inside the 200 fails with its status name as the code. Errors
/// `{"requestError": {"serviceException": {messageId, text}}}` are classified by that `messageId`. The check reads
/// the balance (`GET /account/1/balance`).
public struct InfobipSMSAdapter: StatelessProviderAdapter {
    public let providerIds = ["infobip-sms"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiKey", "baseUrl", "from"] }
    static let api = JSONPostAPI(
        Endpoint("https://api.infobip.com"), path: "/sms/2/text/advanced",
        auth: { .header("Authorization", "App " + (try $0.required("apiKey"))) },
        messageId: "messages.0.messageId", errorCode: "requestError.serviceException.messageId")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let sms = try SMSFields.sms(message, "infobip-sms")
        let integration = try Self.withScheme(integration)
        let credentials = CredentialReader(integration.credentials)
        let body: JSONValue = .object(["messages": .array([.object([
            "destinations": .array([.object(["to": .string(SMSFields.withoutPlus(sms.to))])]),
            "from": .string(try sms.from ?? credentials.required("from")), "text": .string(sms.content),
        ])])])
        let response = try await Self.codes.classify {
            try await Self.api.post(body, integration: integration, context: context, http: http)
        }
        let first = response.json?.value(atDottedPath: "messages.0")
        if SMSFields.text(first?.value(atDottedPath: "status.groupId")) == "5" {
            throw Self.codes.failure(first?.value(atDottedPath: "status.name")?.stringValue,
                                     first?.value(atDottedPath: "status.description")?.stringValue, status: response.status)
        }
        return ProviderReceipt(messageId: SMSFields.text(first?.value(atPath: "messageId")))
    }

    public func check(_ integration: Integration) async throws -> CheckResult {
        let integration = try Self.withScheme(integration)
        _ = try await Self.codes.classify { try await Self.api.get("/account/1/balance", integration: integration, http: http) }
        return .passed
    }

    /// The integration with `https://` before a `baseUrl` given as a bare host, as Infobip shows it.
    static func withScheme(_ integration: Integration) throws -> Integration {
        let base = try CredentialReader(integration.credentials).required("baseUrl")
        guard !base.lowercased().hasPrefix("http://"), !base.lowercased().hasPrefix("https://") else { return integration }
        var copy = integration
        copy.credentials.values["baseUrl"] = .string("https://" + base)
        return copy
    }

    /// Infobip request error ids and REJECTED status names.
    static let codes = ProviderErrorCodes([
        "UNAUTHORIZED": .badCredentials,
        "BAD_REQUEST": .rejected,
        "TOO_MANY_REQUESTS": .rateLimited,
        "GENERAL_ERROR": .providerUnavailable,
        "REJECTED_NOT_ENOUGH_CREDITS": .quotaExceeded,
        "REJECTED_PREPAID_PACKAGE_EXPIRED": .quotaExceeded,
        "REJECTED_DESTINATION": .invalidRecipient,
        "REJECTED_PREFIX_MISSING": .invalidRecipient,
        "REJECTED_NETWORK": .invalidRecipient,
        "REJECTED_DESTINATION_NOT_REGISTERED": .invalidRecipient,
        "REJECTED_SENDER": .misconfigured,
        "REJECTED_SOURCE": .misconfigured,
        "REJECTED_FLOODING_FILTER": .rateLimited,
        "REJECTED_SYSTEM_ERROR": .providerUnavailable,
    ])
}
