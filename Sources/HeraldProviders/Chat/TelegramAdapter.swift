import Foundation
import HeraldCore
import NIOCore

/// Telegram Bot API: `POST https://api.telegram.org/bot<botToken>/sendMessage` with JSON `{chat_id, text}` to the chat
/// id (or `@channelusername`) in `to.channel`; overrides (`overrides.telegram`: `parse_mode`, `reply_markup`,
/// `disable_notification`, `message_thread_id`, `link_preview_options`, …) join the body. The token is part of the
/// path (no auth header), so it is checked to be a plain token before it is put there; `credentials.baseUrl` points
/// at a self-hosted Bot API server. Success is `{ok: true, result: Message}`; the id is `result.message_id`.
/// Errors are `{ok: false, error_code, description, parameters?}`: classified by `description` (a blocked, kicked or
/// deactivated user, a chat not found or upgraded to a supergroup → invalid recipient; 401 → bad credentials), 429
/// waits `parameters.retry_after` seconds; `error_code` is recorded. The check is `getMe`.
public struct TelegramAdapter: StatelessProviderAdapter {
    public let providerIds = ["telegram"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["botToken", "baseUrl"] }
    static let endpoint = Endpoint("https://api.telegram.org")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        guard case .chat(let chat) = message else { throw ProviderFailure.misconfigured("telegram sends chat messages only") }
        guard let chatId = chat.channel?.trimmingCharacters(in: .whitespaces), !chatId.isEmpty else {
            throw ProviderFailure(.invalidRecipient, "to.channel (the Telegram chat id or @channelusername) is required for telegram")
        }
        var body: [String: JSONValue] = ["chat_id": .string(chatId), "text": .string(chat.content)]
        body.merge(context.overrides) { _, override in override }
        let url = try Self.url("sendMessage", integration.credentials)
        let response = try await Self.call(http, ProviderRequest("POST", url, body: .json(.object(body))), timeout: .init(context.remaining))
        return ProviderReceipt(messageId: ChatWebhook.string(response.json?.value(atPath: "result")?.value(atPath: "message_id")))
    }

    public func check(_ integration: Integration) async throws -> CheckResult {
        _ = try await Self.call(http, ProviderRequest("GET", try Self.url("getMe", integration.credentials)))
        return .passed
    }

    /// The URL of a Bot API method for the integration's token.
    static func url(_ method: String, _ credentials: Credentials) throws -> String {
        let token = try CredentialReader(credentials).required("botToken")
        guard token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == ":" || $0 == "_" || $0 == "-") }) else {
            throw ProviderFailure.misconfigured("credentials.botToken is not a Telegram bot token (digits, ':' and the secret)")
        }
        return try endpoint.url("/bot\(token)/\(method)", credentials: credentials)
    }

    /// Sends a Bot API call; an answer other than `ok: true` throws a classified failure.
    static func call(_ http: ProviderHTTPClient, _ request: ProviderRequest, timeout: TimeAmount? = nil) async throws -> ProviderResponse {
        let response = try await http.execute(request, timeout: timeout)
        guard response.isSuccess, response.json?.value(atPath: "ok") != .bool(false) else { throw failure(response) }
        return response
    }

    /// The failure a Bot API error answer means (`error_code` recorded, `parameters.retry_after` honoured).
    static func failure(_ response: ProviderResponse) -> ProviderFailure {
        let json = response.json
        let code = ChatWebhook.string(json?.value(atPath: "error_code"))
        guard !(300..<400).contains(response.status) else { return ProviderHTTPClient.failure(for: response, code: code) }
        // An `ok: false` inside a 2xx (not documented) counts by its error code.
        let status = response.isSuccess ? (code.flatMap { Int($0) }.flatMap { $0 >= 400 ? $0 : nil } ?? 400) : response.status
        let parameters = json?.value(atPath: "parameters")
        let retryAfter = parameters?.value(atPath: "retry_after")?.numberValue.map { min(max(0, $0), RetryAfter.maxSeconds) }
        var detail = response.text
        if let migrated = ChatWebhook.string(parameters?.value(atPath: "migrate_to_chat_id")) {
            detail = "the group is now the supergroup \(migrated): send to that chat id; " + detail
        }
        let http = ProviderFailure.http(status: status, retryAfter: retryAfter ?? RetryAfter.seconds(response.header("Retry-After")),
                                        detail: detail, providerCode: code)
        let description = json?.value(atPath: "description")?.stringValue ?? response.text
        guard let reason = reason(description, status: status), reason != http.reason else { return http }
        return ProviderFailure(reason, "HTTP \(status): \(detail)", providerCode: code, httpStatus: http.httpStatus, retryAfter: http.retryAfter)
    }

    /// The reason Telegram's description means where it says more than the status.
    static func reason(_ description: String, status: Int) -> ProviderFailure.Reason? {
        let text = description.lowercased()
        if status == 401 || (status == 404 && text == "not found") { return .badCredentials }  // wrong or malformed token
        if status == 403 { return .invalidRecipient }  // blocked, kicked, deactivated, or a bot it cannot write to
        let recipient = ["chat not found", "user not found", "group chat was upgraded", "bot was kicked", "bot was blocked",
                         "user is deactivated", "chat_id is empty", "peer_id_invalid", "have no rights to send"]
        if status == 400, recipient.contains(where: text.contains) { return .invalidRecipient }
        return nil
    }
}
