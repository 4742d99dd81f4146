import Foundation
import HeraldCore

/// Rocket.Chat REST API: `POST <server>/api/v1/chat.sendMessage` with `X-Auth-Token` (`token`, a personal access
/// token) and `X-User-Id` (`user`), JSON `{message: {rid, msg}}` to the room id in `to.channel`. The server is the
/// integration's `baseUrl`: the token goes to no other host. Novu keeps the server on the subscriber (`to.webhookUrl`);
/// a delivery may still carry it, but only when it is on the integration's server (same scheme, host and port), so a
/// caller cannot send the token elsewhere. The id is `message._id`; errors `{success: false, error, errorType}` are
/// classified by `errorType`. The check reads the token's user (`GET /api/v1/me`).
public struct RocketChatAdapter: StatelessProviderAdapter {
    public let providerIds = ["rocket-chat"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["token", "user", "baseUrl"] }
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        guard case .chat(let chat) = message else { throw ProviderFailure.misconfigured("rocket-chat sends chat messages only") }
        let credentials = CredentialReader(integration.credentials)
        let server = try Self.server(credentials)
        if let hook = chat.webhookUrl, !hook.isEmpty, !Self.sameOrigin(hook, server) {
            throw ProviderFailure(.invalidRecipient, "to.webhookUrl must be on the integration's Rocket.Chat server (credentials.baseUrl)")
        }
        guard let room = chat.channel, !room.isEmpty else {
            throw ProviderFailure(.invalidRecipient, "to.channel (the Rocket.Chat room id) is required for rocket-chat")
        }
        var body: [String: JSONValue] = ["message": .object(["rid": .string(room), "msg": .string(chat.content)])]
        body.merge(context.overrides) { _, override in override }
        let response = try await ChatWebhook.classified(Self.codes) {
            try await http.send(
                ProviderRequest("POST", Self.url(server, "/api/v1/chat.sendMessage"), headers: try Self.headers(credentials),
                                body: .json(.object(body))),
                timeout: .init(context.remaining), code: Self.errorType)
        }
        return ProviderReceipt(messageId: ChatWebhook.string(response.json?.value(atPath: "message")?.value(atPath: "_id")))
    }

    public func check(_ integration: Integration) async throws -> CheckResult {
        let credentials = CredentialReader(integration.credentials)
        _ = try await http.send(
            ProviderRequest("GET", Self.url(try Self.server(credentials), "/api/v1/me"), headers: try Self.headers(credentials)), code: Self.errorType)
        return .passed
    }

    /// The integration's server, the only host the token is sent to.
    static func server(_ credentials: CredentialReader) throws -> String {
        guard let server = credentials.optional("baseUrl") else {
            throw ProviderFailure.misconfigured("credentials.baseUrl (the Rocket.Chat server URL) is missing")
        }
        return server
    }

    /// Whether two URLs share scheme, host and port.
    static func sameOrigin(_ first: String, _ second: String) -> Bool {
        func origin(_ url: String) -> (String, String, Int)? {
            guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(), let host = parts.host?.lowercased()
            else { return nil }
            return (scheme, host, parts.port ?? (scheme == "https" ? 443 : 80))
        }
        guard let one = origin(first), let two = origin(second) else { return false }
        return one == two
    }

    /// The token and user id headers.
    static func headers(_ credentials: CredentialReader) throws -> [(String, String)] {
        [("X-Auth-Token", try credentials.required("token")), ("X-User-Id", try credentials.required("user"))]
    }

    /// A REST path on the server (a trailing slash of the server URL dropped).
    static func url(_ server: String, _ path: String) -> String {
        (server.hasSuffix("/") ? String(server.dropLast()) : server) + path
    }

    /// `errorType` (or `error`) of the answer, as the provider code.
    static func errorType(_ response: ProviderResponse) -> String? {
        ChatWebhook.string(response.json?.value(atPath: "errorType")) ?? ChatWebhook.string(response.json?.value(atPath: "error"))
    }

    /// Rocket.Chat error types that say more than their status.
    static let codes: [String: ProviderFailure.Reason] = [
        "error-invalid-room": .invalidRecipient,  // no such room id
        "error-not-allowed": .rejected,           // the user may not post in the room
    ]
}
