import HeraldCore

/// Ryver incoming webhooks: `POST <to.webhookUrl>` (`https://<org>.ryver.com/application/webhook/<id>`) with Ryver's
/// JSON format `{body}` (Markdown); overrides (`overrides.ryver`: `subject` for topic webhooks, `createSource:
/// {displayName, avatar}`) join the body. Ryver answers no message id and documents no error codes, so errors are
/// classified by status (404 or 410: the webhook is gone). No check: the URL is the delivery's.
public struct RyverAdapter: StatelessProviderAdapter {
    public let providerIds = ["ryver"]
    public func credentialKeys(for providerId: String) -> Set<String> { [] }
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        guard case .chat(let chat) = message else { throw ProviderFailure.misconfigured("ryver sends chat messages only") }
        let url = try ChatWebhook.url(chat, provider: "ryver")
        _ = try await ChatWebhook.post(["body": .string(chat.content)], to: url, http: http, context: context, code: { _ in nil })
        return ProviderReceipt(messageId: nil)
    }
}
