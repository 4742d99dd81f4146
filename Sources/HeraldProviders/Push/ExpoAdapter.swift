import HeraldCore

/// Expo Push Service: `POST https://exp.host/--/api/v2/push/send` with a JSON array of messages (one per token, at
/// most 100 per request), `Authorization: Bearer <access token>` (`apiKey`). Each message carries `to`, `title`,
/// `body`, `data`, and from the push options `sound`, `badge`, `priority`, `ttl` and `categoryId`; overrides
/// (`overrides.expo`) are merged into every message. The answer holds one ticket per message, in order:
/// `{status: "ok", id}` (the receipt id, the message id) or `{status: "error", message, details: {error}}`, where
/// `DeviceNotRegistered` marks a dead token. A request-level failure is `{errors: [{code, message}]}`. Expo has no
/// key-only read call, so there is no check.
public struct ExpoAdapter: StatelessProviderAdapter {
    public let providerIds = ["expo"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiKey", "baseUrl"] }
    static let endpoint = Endpoint("https://exp.host")
    /// Expo accepts at most this many messages per request.
    static let batch = 100
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let push = try PushFields.push(message, "expo")
        let credentials = CredentialReader(integration.credentials)
        let url = try Self.endpoint.url("/--/api/v2/push/send", credentials: integration.credentials)
        let auth = ProviderRequest.Auth.bearer(try credentials.required("apiKey"))
        return try await PushFields.perBatch(push.deviceTokens, size: Self.batch) { tokens in
            let messages = tokens.map { JSONValue.object(Self.message(push, to: $0, overrides: context.overrides)) }
            let response = try await Self.classified {
                try await http.send(
                    ProviderRequest("POST", url, headers: [("Accept", "application/json")], body: .json(.array(messages)), auth: auth),
                    timeout: .init(context.remaining), code: Self.requestErrorCode)
            }
            let tickets = response.json?.value(atPath: "data")?.arrayValue ?? []
            guard tickets.count == tokens.count else {
                throw ProviderFailure(.unknown, "Expo answered \(tickets.count) tickets for \(tokens.count) messages", httpStatus: response.status)
            }
            return zip(tokens, tickets).map { token, ticket in (token, Self.outcome(ticket, status: response.status)) }
        }
    }

    /// One message of the documented request format.
    static func message(_ push: PushMessage, to token: String, overrides: [String: JSONValue]) -> [String: JSONValue] {
        let options = push.options
        var message: [String: JSONValue] = ["to": .string(token), "title": .string(push.title), "body": .string(push.body)]
        if let data = push.data, data.objectValue != nil { message["data"] = data }
        message["sound"] = PushFields.string(options.sound)
        message["badge"] = PushFields.number(options.badge)
        message["ttl"] = PushFields.number(options.ttl)
        message["categoryId"] = PushFields.string(options.category)
        if let priority = options.priority { message["priority"] = .string(priority == "high" ? "high" : "normal") }
        return message.merging(overrides) { _, override in override }
    }

    /// A ticket as a token's outcome.
    static func outcome(_ ticket: JSONValue, status: Int) -> Result<String?, ProviderFailure> {
        if ticket.value(atPath: "status")?.stringValue == "ok" { return .success(ticket.value(atPath: "id")?.stringValue) }
        let code = ticket.value(atPath: "details.error")?.stringValue
        let text = ticket.value(atPath: "message")?.stringValue ?? "no description"
        var reason = code.flatMap { ticketCodes[$0] } ?? .rejected
        if code == nil, text.contains("not a valid Expo push token") { reason = .invalidDeviceToken }
        return .failure(ProviderFailure(reason, "Expo ticket error \(code ?? "(none)"): \(text)", providerCode: code, httpStatus: status))
    }

    /// The first request-level error code (`errors[0].code`).
    static func requestErrorCode(_ response: ProviderResponse) -> String? {
        response.json?.value(atDottedPath: "errors.0.code")?.stringValue
    }

    static func classified<T>(_ body: () async throws -> T) async throws -> T {
        try await ProviderErrorCodes(requestCodes).classify(body)
    }

    /// Ticket `details.error` values.
    static let ticketCodes: [String: ProviderFailure.Reason] = [
        "DeviceNotRegistered": .invalidDeviceToken,
        "MessageTooBig": .rejected,
        "MessageRateExceeded": .rateLimited,
        "MismatchSenderId": .misconfigured,     // the FCM credentials uploaded to Expo do not match the app
        "InvalidCredentials": .misconfigured,   // the APNs/FCM credentials uploaded to Expo are invalid
        "DeveloperError": .rejected,
        "ProviderError": .providerUnavailable,
        "ExpoError": .providerUnavailable,
    ]

    /// Request-level `errors[].code` values.
    static let requestCodes: [String: ProviderFailure.Reason] = [
        "PUSH_TOO_MANY_EXPERIENCE_IDS": .rejected,
        "PUSH_TOO_MANY_NOTIFICATIONS": .rejected,
        "PUSH_TOO_MANY_RECEIPTS": .rejected,
        "VALIDATION_ERROR": .rejected,
    ]
}
