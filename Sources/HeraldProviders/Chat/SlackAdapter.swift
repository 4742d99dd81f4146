import HeraldCore
import NIOCore

/// Slack, two ways. With `to.webhookUrl`: an incoming webhook, `POST` JSON `{text, blocks}` to the URL (the URL is
/// the secret; no auth header). Slack answers `200 ok` in plain text, and errors as plain-text tokens
/// (`invalid_payload`, `no_service`, `channel_not_found`, …) classified here; Slack gives no message id for a webhook
/// post, so the `x-slack-req-id` header (Slack's request id, what Novu records) is kept instead.
/// With only `to.channel` (a channel id, or a user id for a DM from the bot): Web API `chat.postMessage`,
/// `POST https://slack.com/api/chat.postMessage` with `Authorization: Bearer <botToken>` (a bot token, `xoxb-…`, with
/// `chat:write`) and `Content-Type: application/json; charset=utf-8`, body `{channel, text, blocks}`; the id is the
/// answer's `ts`. Web API errors come as HTTP 200 `{ok: false, error}`, classified by `error` (recorded); `ratelimited`
/// comes as 429 with `Retry-After`. The check calls `auth.test` with the bot token; without one there is nothing to
/// check (`clientId`, `secretKey`, … serve only the OAuth install flow). Overrides join the body either way.
public struct SlackAdapter: StatelessProviderAdapter {
    public let providerIds = ["slack"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["botToken", "baseUrl"] }
    /// The Web API root (`credentials.baseUrl` overrides it).
    static let api = Endpoint("https://slack.com")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        guard case .chat(let chat) = message else { throw ProviderFailure.misconfigured("slack sends chat messages only") }
        if chat.webhookUrl?.isEmpty ?? true, let channel = chat.channel, !channel.isEmpty {
            return try await postMessage(chat, channel: channel, integration: integration, context: context)
        }
        let url = try ChatWebhook.url(chat, provider: "slack")
        var body: [String: JSONValue] = ["text": .string(chat.content)]
        if let blocks = chat.blocks { body["blocks"] = blocks }
        let response = try await ChatWebhook.post(
            body, to: url, http: http, context: context, code: ChatWebhook.textCode, codes: Self.codes)
        return ProviderReceipt(messageId: response.header("x-slack-req-id"))
    }

    public func check(_ integration: Integration) async throws -> CheckResult {
        guard CredentialReader(integration.credentials).optional("botToken") != nil else {
            return .notSupported  // the webhook URL is the delivery's; only a bot token can be checked
        }
        _ = try await webAPI("auth.test", body: [:], integration: integration, timeout: nil)
        return .passed
    }

    /// `chat.postMessage` to a channel (or user) id with the integration's bot token; the id is `ts`.
    func postMessage(_ chat: ChatMessage, channel: String, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        guard CredentialReader(integration.credentials).optional("botToken") != nil else {
            throw ProviderFailure(.invalidRecipient,
                "slack posts to an incoming-webhook URL (to.webhookUrl); posting to to.channel needs chat.postMessage with a bot token (xoxb-, chat:write) in credentials.botToken")
        }
        var body: [String: JSONValue] = ["channel": .string(channel), "text": .string(chat.content)]
        if let blocks = chat.blocks { body["blocks"] = blocks }
        body.merge(context.overrides) { _, override in override }
        let response = try await webAPI("chat.postMessage", body: body, integration: integration, timeout: .init(context.remaining))
        return ProviderReceipt(messageId: response.json?.value(atPath: "ts")?.stringValue)
    }

    /// Calls a Web API method with the bot token; an HTTP error or `ok: false` throws, classified by Slack's `error`.
    func webAPI(_ method: String, body: [String: JSONValue], integration: Integration, timeout: TimeAmount?) async throws -> ProviderResponse {
        let credentials = CredentialReader(integration.credentials)
        let request = ProviderRequest(
            "POST", try Self.api.url("/api/\(method)", credentials: integration.credentials),
            body: .raw(Array(JSONValue.object(body).encoded()), contentType: "application/json; charset=utf-8"),
            auth: .bearer(try credentials.required("botToken")))
        let response = try await http.execute(request, timeout: timeout)
        let error = response.json?.value(atPath: "error")?.stringValue
        if response.isSuccess, response.json?.value(atPath: "ok") == .bool(true) { return response }
        var failure = ProviderHTTPClient.failure(for: response, code: error)
        if response.isSuccess {  // Slack's documented error shape: HTTP 200 with ok: false
            failure = ProviderFailure(.rejected, "slack \(method) failed: \(response.text)", providerCode: error, httpStatus: response.status)
        }
        guard let error, let reason = Self.apiCodes[error], reason != failure.reason else { throw failure }
        throw ProviderFailure(reason, failure.message, providerCode: error, httpStatus: failure.httpStatus, retryAfter: failure.retryAfter)
    }

    /// Web API `error` values that say more than `ok: false` (anything else is a rejected request).
    static let apiCodes: [String: ProviderFailure.Reason] = [
        "invalid_auth": .badCredentials, "not_authed": .badCredentials, "token_revoked": .badCredentials,
        "token_expired": .badCredentials, "account_inactive": .badCredentials, "no_permission": .badCredentials,
        "missing_scope": .misconfigured, "not_allowed_token_type": .misconfigured,
        "channel_not_found": .invalidRecipient, "not_in_channel": .invalidRecipient, "is_archived": .invalidRecipient,
        "user_not_found": .invalidRecipient,
        "ratelimited": .rateLimited, "rate_limited": .rateLimited,
        "internal_error": .providerUnavailable, "fatal_error": .providerUnavailable, "service_unavailable": .providerUnavailable,
        "request_timeout": .providerUnavailable,
    ]

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
