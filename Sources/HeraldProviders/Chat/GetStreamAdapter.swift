import HeraldCore

/// GetStream, as Novu's provider sends it: `POST <to.webhookUrl>` with `{text, headers: {"X-API-KEY": apiKey}}` — the
/// key inside the body, which receivers built for Novu read — and, Herald's addition, also as a real `X-API-KEY`
/// header. The message id is the `X-WEBHOOK-ID` response header (Novu reads it with the wrong case and never gets
/// one). Errors are classified by status; no check (the URL is the delivery's).
public struct GetStreamAdapter: StatelessProviderAdapter {
    public let providerIds = ["getstream"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiKey"] }
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        guard case .chat(let chat) = message else { throw ProviderFailure.misconfigured("getstream sends chat messages only") }
        let apiKey = try CredentialReader(integration.credentials).required("apiKey")
        let url = try ChatWebhook.url(chat, provider: "getstream")
        let response = try await ChatWebhook.post(
            ["text": .string(chat.content), "headers": .object(["X-API-KEY": .string(apiKey)])], to: url, http: http,
            context: context, headers: [("X-API-KEY", apiKey)], code: { _ in nil })
        return ProviderReceipt(messageId: response.header("X-WEBHOOK-ID"))
    }
}
