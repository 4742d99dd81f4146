import HeraldCore

/// Google Chat incoming webhooks: `POST <to.webhookUrl>` (the space's webhook URL, `…/v1/spaces/{space}/messages?key=…&token=…`;
/// the key and token in it are the secret, no auth header) with `Content-Type: application/json; charset=UTF-8` and
/// `{text}`. Overrides (`overrides.google-chat`: `cardsV2`, `thread: {threadKey}`, `accessoryWidgets`, …) join the
/// body; a reply option such as `messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD` belongs in the webhook URL's
/// query, where Google documents it. Google answers the created Message resource; its `name`
/// (`spaces/{space}/messages/{message}`) is the id. Errors are Google API errors `{error: {code, message, status}}`,
/// `status` recorded; as the URL is the delivery's, a refused key or token (401/403) or a space that is gone (404)
/// is an invalid recipient, not bad integration credentials. There is no check: the integration holds nothing.
public struct GoogleChatAdapter: StatelessProviderAdapter {
    public let providerIds = ["google-chat"]
    public func credentialKeys(for providerId: String) -> Set<String> { [] }
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        guard case .chat(let chat) = message else { throw ProviderFailure.misconfigured("google-chat sends chat messages only") }
        let url = try ChatWebhook.url(chat, provider: "google-chat")
        var body: [String: JSONValue] = ["text": .string(chat.content)]
        body.merge(context.overrides) { _, override in override }
        let response = try await ChatWebhook.classified(Self.codes) {
            do {
                return try await http.send(
                    ProviderRequest("POST", url, body: .raw(Array(JSONValue.object(body).encoded()), contentType: "application/json; charset=UTF-8")),
                    timeout: .init(context.remaining), code: Self.errorStatus)
            } catch let failure as ProviderFailure where failure.reason == .badCredentials {
                throw ProviderFailure(.invalidRecipient, failure.message, providerCode: failure.providerCode,
                                      httpStatus: failure.httpStatus, retryAfter: failure.retryAfter)
            }
        }
        return ProviderReceipt(messageId: response.json?.value(atPath: "name")?.stringValue)
    }

    /// Google's `error.status` (`INVALID_ARGUMENT`, `PERMISSION_DENIED`, …), as the provider code.
    static func errorStatus(_ response: ProviderResponse) -> String? {
        response.json?.value(atPath: "error")?.value(atPath: "status")?.stringValue
    }

    /// Google API statuses that say more than the HTTP status.
    static let codes: [String: ProviderFailure.Reason] = [
        "UNAUTHENTICATED": .invalidRecipient,    // 401: the webhook's key or token is wrong
        "PERMISSION_DENIED": .invalidRecipient,  // 403: the webhook was deleted or the space is closed to it
        "NOT_FOUND": .invalidRecipient,          // 404: no such space
        "INVALID_ARGUMENT": .rejected,           // 400: e.g. a malformed card
        "RESOURCE_EXHAUSTED": .rateLimited,      // 429: per-space write quota
        "UNAVAILABLE": .providerUnavailable,     // 503
    ]
}
