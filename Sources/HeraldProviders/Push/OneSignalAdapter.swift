import HeraldCore

/// OneSignal: `POST https://api.onesignal.com/notifications`, one request for every token. App API keys
/// (`os_v2_app_…`) authenticate as `Authorization: Key <key>`, legacy REST API keys as `Authorization: Basic <key>`.
/// Tokens are subscription ids (`include_subscription_ids`), or external ids (`include_aliases.external_id`) when
/// `apiVersion` is `externalId`. The body carries `app_id`, `target_channel: push`, `headings`/`contents` (`en`),
/// `data`, `idempotency_key` (a UUID from the delivery id), and from the push options `ios_sound`,
/// `ios_badgeType`/`ios_badgeCount`, `big_picture`/`ios_attachments`/`chrome_web_image`, `url`, `thread_id`,
/// `ios_category`, `priority` (10 or 5), `ttl` and `collapse_id`; overrides (`overrides.one-signal`) are merged in.
/// The id is `id`; OneSignal reports unknown or unsubscribed recipients inside the 200 answer (`errors.invalid_player_ids`,
/// `errors.invalid_aliases.external_id`, or an empty id with "All included players are not subscribed"), and those
/// tokens are invalid device tokens. The check lists one notification (`GET /notifications?app_id=…&limit=1`).
public struct OneSignalAdapter: StatelessProviderAdapter {
    public let providerIds = ["one-signal"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["applicationId", "apiKey", "apiVersion", "baseUrl"] }
    static let endpoint = Endpoint("https://api.onesignal.com")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let push = try PushFields.push(message, "one-signal")
        let credentials = CredentialReader(integration.credentials)
        let externalIds = credentials.optional("apiVersion") == "externalId"
        var body = Self.body(push, appId: try credentials.required("applicationId"), externalIds: externalIds)
        body["idempotency_key"] = .string(EmailAPI.uuid(context.deliveryId))
        body.merge(context.overrides) { _, override in override }
        let url = try Self.endpoint.url("/notifications", credentials: integration.credentials)
        let response = try await http.send(
            ProviderRequest("POST", url, headers: [("Accept", "application/json")], body: .json(.object(body)),
                            auth: try Self.auth(credentials)),
            timeout: .init(context.remaining), code: Self.errorCode)
        let answer = response.json ?? .null
        let id = answer.value(atPath: "id")?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let invalid = Self.invalidTokens(answer)
        let noneSubscribed = id == nil
        let detail = Self.errorCode(response) ?? "the recipient is not subscribed"
        return try PushFields.receipt(push.deviceTokens.map { token in
            guard noneSubscribed || invalid.contains(token) else { return (token, .success(id)) }
            return (token, .failure(ProviderFailure(.invalidDeviceToken, "OneSignal: \(detail)", httpStatus: response.status)))
        })
    }

    public func check(_ integration: Integration) async throws -> CheckResult {
        let credentials = CredentialReader(integration.credentials)
        let appId = try SMSFields.pathSafe(try credentials.required("applicationId"), key: "applicationId")
        let url = try Self.endpoint.url("/notifications", credentials: integration.credentials)
            + SMSFields.query([("app_id", appId), ("limit", "1")])
        _ = try await http.send(
            ProviderRequest("GET", url, headers: [("Accept", "application/json")], auth: try Self.auth(credentials)),
            code: Self.errorCode)
        return .passed
    }

    /// `Key` for App API keys, `Basic` for legacy REST API keys (both as OneSignal documents them: the key itself,
    /// not base64 of a user and password).
    static func auth(_ credentials: CredentialReader) throws -> ProviderRequest.Auth {
        let key = try credentials.required("apiKey")
        return .header("Authorization", (key.hasPrefix("os_v2_") ? "Key " : "Basic ") + key)
    }

    /// The documented notification body.
    static func body(_ push: PushMessage, appId: String, externalIds: Bool) -> [String: JSONValue] {
        let tokens = JSONValue.array(push.deviceTokens.map(JSONValue.string))
        var body: [String: JSONValue] = [
            "app_id": .string(appId), "target_channel": .string("push"), "contents": .object(["en": .string(push.body)]),
        ]
        if externalIds {
            body["include_aliases"] = .object(["external_id": tokens])
        } else {
            body["include_subscription_ids"] = tokens
        }
        if !push.title.isEmpty { body["headings"] = .object(["en": .string(push.title)]) }
        if let data = push.data, data.objectValue != nil { body["data"] = data }
        let options = push.options
        body["ios_sound"] = PushFields.string(options.sound)
        if let badge = options.badge {
            body["ios_badgeType"] = .string("SetTo")
            body["ios_badgeCount"] = PushFields.number(badge)
        }
        if let image = options.imageUrl {
            body["big_picture"] = .string(image)
            body["ios_attachments"] = .object(["image": .string(image)])
            body["chrome_web_image"] = .string(image)
        }
        if let link = options.clickAction, link.contains("://") { body["url"] = .string(link) }
        body["thread_id"] = PushFields.string(options.threadId)
        body["ios_category"] = PushFields.string(options.category)
        if let priority = options.priority { body["priority"] = .number(priority == "high" ? 10 : 5) }
        body["ttl"] = PushFields.number(options.ttl)
        body["collapse_id"] = PushFields.string(options.collapseKey)
        return body
    }

    /// The tokens a 200 answer lists as unknown or unsubscribed.
    static func invalidTokens(_ answer: JSONValue) -> Set<String> {
        let lists = ["errors.invalid_player_ids", "errors.invalid_external_user_ids", "errors.invalid_aliases.external_id"]
        return Set(lists.flatMap { answer.value(atPath: $0)?.arrayValue?.compactMap(\.stringValue) ?? [] })
    }

    /// The first of `errors` when it is a list of messages.
    static func errorCode(_ response: ProviderResponse) -> String? {
        response.json?.value(atDottedPath: "errors.0")?.stringValue
    }
}
