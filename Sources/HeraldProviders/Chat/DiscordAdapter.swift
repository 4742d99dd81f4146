import Foundation
import HeraldCore

/// Discord webhooks: Execute Webhook, `POST <to.webhookUrl>?wait=true` (other query items such as `thread_id` kept)
/// with JSON `{content}`; overrides (`overrides.discord`: `embeds`, `username`, `avatar_url`, `allowed_mentions`, …)
/// join the body. With `wait=true` Discord answers the created message, whose `id` is recorded. Errors are
/// `{code, message}`, classified by Discord's JSON error code; 429 carries `Retry-After`. There is no check: the URL
/// is the delivery's, not the integration's.
public struct DiscordAdapter: StatelessProviderAdapter {
    public let providerIds = ["discord"]
    public func credentialKeys(for providerId: String) -> Set<String> { [] }
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        guard case .chat(let chat) = message else { throw ProviderFailure.misconfigured("discord sends chat messages only") }
        let url = try Self.waitURL(try ChatWebhook.url(chat, provider: "discord"))
        let response = try await ChatWebhook.post(
            ["content": .string(chat.content)], to: url, http: http, context: context, code: Self.errorCode, codes: Self.codes)
        return ProviderReceipt(messageId: ChatWebhook.string(response.json?.value(atPath: "id")))
    }

    /// The webhook URL with `wait=true`, so that Discord answers the created message (and reports failures).
    static func waitURL(_ url: String) throws -> String {
        guard var components = URLComponents(string: url) else {
            throw ProviderFailure(.invalidRecipient, "to.webhookUrl is not a valid URL")
        }
        var items = (components.queryItems ?? []).filter { $0.name != "wait" }
        items.append(URLQueryItem(name: "wait", value: "true"))
        components.queryItems = items
        guard let made = components.string else { throw ProviderFailure(.invalidRecipient, "to.webhookUrl is not a valid URL") }
        return made
    }

    /// Discord's JSON error `code`, as the provider code.
    static func errorCode(_ response: ProviderResponse) -> String? {
        ChatWebhook.string(response.json?.value(atPath: "code"))
    }

    /// Discord JSON error codes that say more than their status.
    static let codes: [String: ProviderFailure.Reason] = [
        "10015": .invalidRecipient,  // Unknown Webhook: deleted
        "50027": .invalidRecipient,  // Invalid Webhook Token: the URL's token is wrong (401, not our credentials)
        "10003": .invalidRecipient,  // Unknown Channel (e.g. a thread_id that is gone)
        "50006": .rejected,          // Cannot send an empty message
        "50035": .rejected,          // Invalid Form Body (e.g. content over 2000 characters)
    ]
}
