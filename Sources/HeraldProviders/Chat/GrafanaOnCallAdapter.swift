import HeraldCore

/// Grafana OnCall "Formatted webhook" integrations: `POST <to.webhookUrl>` with JSON `{alert_uid, title, image_url,
/// state, link_to_upstream_details, message}`: the message is the delivery's content, the other fields come from the
/// integration's `alertUid`, `title`, `imageUrl`, `state` (`alerting` or `ok`) and `externalLink` when set; overrides
/// (`overrides.grafana-on-call`) join the body. OnCall answers `200 Ok.` without an id. Errors are classified by
/// status (404 or 410: the integration URL is gone). No check: the URL is the delivery's.
public struct GrafanaOnCallAdapter: StatelessProviderAdapter {
    public let providerIds = ["grafana-on-call"]
    public func credentialKeys(for providerId: String) -> Set<String> {
        ["alertUid", "title", "imageUrl", "state", "externalLink"]
    }
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        guard case .chat(let chat) = message else { throw ProviderFailure.misconfigured("grafana-on-call sends chat messages only") }
        let url = try ChatWebhook.url(chat, provider: "grafana-on-call")
        let credentials = CredentialReader(integration.credentials)
        var body: [String: JSONValue] = ["message": .string(chat.content)]
        for (key, field) in Self.fields {
            if let value = credentials.optional(key) { body[field] = .string(value) }
        }
        _ = try await ChatWebhook.post(body, to: url, http: http, context: context, code: { _ in nil })
        return ProviderReceipt(messageId: nil)
    }

    /// Integration credential → formatted-webhook field.
    static let fields: [(String, String)] = [
        ("alertUid", "alert_uid"), ("title", "title"), ("imageUrl", "image_url"), ("state", "state"),
        ("externalLink", "link_to_upstream_details"),
    ]
}
