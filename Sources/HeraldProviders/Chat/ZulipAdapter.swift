import HeraldCore

/// Zulip's Slack-compatible incoming webhook: `POST <to.webhookUrl>`
/// (`https://<realm>/api/v1/external/slack_incoming?api_key=<bot key>&stream=<channel>&topic=<topic>`, the bot key in
/// the URL) with Slack's JSON `{text, blocks}`. Zulip answers `{"result": "success", "msg": ""}` without a message
/// id. Errors are `{"result": "error", "msg", "code"}`, classified by `code` (a refused key is a dead webhook URL, not
/// the integration's credentials: Zulip integrations have none). No check: the URL is the delivery's.
public struct ZulipAdapter: StatelessProviderAdapter {
    public let providerIds = ["zulip"]
    public func credentialKeys(for providerId: String) -> Set<String> { [] }
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        guard case .chat(let chat) = message else { throw ProviderFailure.misconfigured("zulip sends chat messages only") }
        let url = try ChatWebhook.url(chat, provider: "zulip")
        var body: [String: JSONValue] = ["text": .string(chat.content)]
        if let blocks = chat.blocks { body["blocks"] = blocks }
        _ = try await ChatWebhook.post(body, to: url, http: http, context: context, code: Self.errorCode, codes: Self.codes)
        return ProviderReceipt(messageId: nil)
    }

    /// Zulip's `code`, as the provider code.
    static func errorCode(_ response: ProviderResponse) -> String? {
        ChatWebhook.string(response.json?.value(atPath: "code"))
    }

    /// Zulip error codes that say more than their status.
    static let codes: [String: ProviderFailure.Reason] = [
        "INVALID_API_KEY": .invalidRecipient,       // the bot key in the URL is wrong or revoked
        "USER_DEACTIVATED": .invalidRecipient,      // the webhook's bot was deactivated
        "REALM_DEACTIVATED": .invalidRecipient,     // the organization was deactivated
        "STREAM_DOES_NOT_EXIST": .invalidRecipient, // the URL's channel is gone
        "RATE_LIMIT_HIT": .rateLimited,
    ]
}
