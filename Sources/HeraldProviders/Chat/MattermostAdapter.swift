import HeraldCore

/// Mattermost incoming webhooks: `POST <to.webhookUrl>` (`https://<server>/hooks/<id>`) with JSON `{text, channel}`,
/// `channel` from the delivery's `to.channel` when given (the webhook's channel otherwise); overrides
/// (`overrides.mattermost`: `username`, `icon_url`, `attachments`, `props`, `priority`, …) join the body. Mattermost
/// answers `200 ok` without a message id; its `X-Request-Id` header is kept. Errors are Mattermost app errors
/// `{id, message, detailed_error, request_id, status_code}`, classified by `id`. No check: the URL is the delivery's.
public struct MattermostAdapter: StatelessProviderAdapter {
    public let providerIds = ["mattermost"]
    public func credentialKeys(for providerId: String) -> Set<String> { [] }
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        guard case .chat(let chat) = message else { throw ProviderFailure.misconfigured("mattermost sends chat messages only") }
        let url = try ChatWebhook.url(chat, provider: "mattermost")
        var body: [String: JSONValue] = ["text": .string(chat.content)]
        if let channel = chat.channel, !channel.isEmpty { body["channel"] = .string(channel) }
        let response = try await ChatWebhook.post(body, to: url, http: http, context: context, code: Self.errorId, codes: Self.codes)
        return ProviderReceipt(messageId: response.header("X-Request-Id"))
    }

    /// The app error's `id`, as the provider code.
    static func errorId(_ response: ProviderResponse) -> String? {
        ChatWebhook.string(response.json?.value(atPath: "id"))
    }

    /// Mattermost app error ids that say more than their status.
    static let codes: [String: ProviderFailure.Reason] = [
        "web.incoming_webhook.invalid.app_error": .invalidRecipient,   // no such hook
        "web.incoming_webhook.channel.app_error": .invalidRecipient,   // the channel was not found
        "web.incoming_webhook.disabled.app_error": .rejected,          // incoming webhooks are disabled on the server
        "web.incoming_webhook.channel_locked.app_error": .rejected,    // the hook may not post to another channel
        "web.incoming_webhook.text.app_error": .rejected,              // no text
    ]
}
