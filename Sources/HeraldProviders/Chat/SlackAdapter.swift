import HeraldCore

/// Slack incoming webhooks: `POST` JSON `{text, blocks}` to the delivery's `to.webhookUrl` (the URL is the secret;
/// no auth header). Slack answers `200 ok` in plain text, and errors as plain-text tokens (`invalid_payload`,
/// `no_service`, `channel_not_found`, …) classified here. Slack gives no message id for a webhook post; the
/// `x-slack-req-id` header (Slack's request id, what Novu records) is kept instead. The catalogue's Slack credentials
/// (`clientId`, `secretKey`, …) serve only the OAuth install flow, so sending reads none and there is no check.
/// A delivery with only `to.channel` is refused: `chat.postMessage` needs a bot token (`xoxb-…`, `chat:write`), which
/// the catalogue has no key for.
public struct SlackAdapter: StatelessProviderAdapter {
    public let providerIds = ["slack"]
    public func credentialKeys(for providerId: String) -> Set<String> { [] }
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        guard case .chat(let chat) = message else { throw ProviderFailure.misconfigured("slack sends chat messages only") }
        if chat.webhookUrl?.isEmpty ?? true, chat.channel != nil {
            throw ProviderFailure(.invalidRecipient,
                "slack posts to an incoming-webhook URL (to.webhookUrl); posting to to.channel needs chat.postMessage with a bot token (xoxb-, chat:write), which slack integrations do not hold")
        }
        let url = try ChatWebhook.url(chat, provider: "slack")
        var body: [String: JSONValue] = ["text": .string(chat.content)]
        if let blocks = chat.blocks { body["blocks"] = blocks }
        let response = try await ChatWebhook.post(
            body, to: url, http: http, context: context, code: ChatWebhook.textCode, codes: Self.codes)
        return ProviderReceipt(messageId: response.header("x-slack-req-id"))
    }

    /// Slack's incoming-webhook error tokens that say more than their status (404 and 410 already mean the
    /// webhook is gone).
    static let codes: [String: ProviderFailure.Reason] = [
        "invalid_token": .invalidRecipient,             // 403: the webhook was revoked
        "user_not_found": .invalidRecipient,            // 400: the DM target is gone
        "channel_not_found": .invalidRecipient,         // 404
        "channel_is_archived": .invalidRecipient,       // 410
        "no_service": .invalidRecipient,                // 404: the webhook was removed
        "team_disabled": .invalidRecipient,             // 404
        "action_prohibited": .rejected,                 // 403: a workspace policy, not the credentials
        "posting_to_general_channel_denied": .rejected, // 403
        "invalid_payload": .rejected,
        "no_text": .rejected,
        "too_many_attachments": .rejected,
    ]
}
