import HeraldCore

/// Pusher Beams, publish to Authenticated Users: `POST https://<instanceId>.pushnotifications.pusher.com/
/// publish_api/v1/instances/<instanceId>/publishes/users` with `Authorization: Bearer <secretKey>`; tokens are Beams
/// user ids (at most 1000 per publish). The body has one payload per platform: `apns` (`aps.alert`, `badge`, `sound`,
/// `thread-id`, `category`, the data at the root), `fcm` (`notification` with `title`, `body`, `sound`, `image`,
/// `click_action`; `data` as strings; `priority`, `time_to_live`, `collapse_key`) and `web` (`notification` with
/// `title`, `body`, `deep_link`; `data`; `time_to_live`). Overrides (`overrides.pusher-beams`) are merged in, member by member
/// into nested objects. The id
/// is `publishId`; Beams reports nothing per user, so every user of an accepted publish counts as sent. Errors are
/// `{error, description}`. Beams has no read call for a secret key, so there is no check.
public struct PusherBeamsAdapter: StatelessProviderAdapter {
    public let providerIds = ["pusher-beams"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["instanceId", "secretKey", "baseUrl"] }
    /// Beams accepts at most this many user ids per publish.
    static let batch = 1000
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let push = try PushFields.push(message, "pusher-beams")
        let credentials = CredentialReader(integration.credentials)
        // The instance id becomes part of the host name: letters, digits and dashes only.
        let instance = try SMSFields.pathSafe(try credentials.required("instanceId"), key: "instanceId")
        let url = try Endpoint("https://\(instance).pushnotifications.pusher.com")
            .url("/publish_api/v1/instances/\(instance)/publishes/users", credentials: integration.credentials)
        let auth = ProviderRequest.Auth.bearer(try credentials.required("secretKey"))
        return try await PushFields.perBatch(push.deviceTokens, size: Self.batch) { users in
            var body = Self.body(push)
            body["users"] = .array(users.map(JSONValue.string))
            body = PushFields.deepMerge(body, context.overrides)
            let response = try await http.send(
                ProviderRequest("POST", url, headers: [("Accept", "application/json")], body: .json(.object(body)), auth: auth),
                timeout: .init(context.remaining), code: { $0.json?.value(atPath: "error")?.stringValue })
            let id = response.json?.value(atPath: "publishId")?.stringValue
            return users.map { ($0, .success(id)) }
        }
    }

    /// The per-platform payloads.
    static func body(_ push: PushMessage) -> [String: JSONValue] {
        let options = push.options
        var alert: [String: JSONValue] = ["body": .string(push.body)]
        if !push.title.isEmpty { alert["title"] = .string(push.title) }
        var aps: [String: JSONValue] = ["alert": .object(alert)]
        aps["badge"] = PushFields.number(options.badge)
        aps["sound"] = PushFields.string(options.sound)
        aps["thread-id"] = PushFields.string(options.threadId)
        aps["category"] = PushFields.string(options.category)
        var apns: [String: JSONValue] = ["aps": .object(aps)]
        if let data = push.data?.objectValue { apns["data"] = .object(data) }

        var notification: [String: JSONValue] = ["title": .string(push.title), "body": .string(push.body)]
        notification["sound"] = PushFields.string(options.sound)
        notification["image"] = PushFields.string(options.imageUrl)
        notification["click_action"] = PushFields.string(options.clickAction)
        var fcm: [String: JSONValue] = ["notification": .object(notification)]
        let strings = PushFields.stringMap(push.data)
        if !strings.isEmpty { fcm["data"] = .object(strings) }
        if let priority = options.priority { fcm["priority"] = .string(priority == "high" ? "high" : "normal") }
        fcm["time_to_live"] = PushFields.number(options.ttl)
        fcm["collapse_key"] = PushFields.string(options.collapseKey)

        var webNotification: [String: JSONValue] = ["title": .string(push.title), "body": .string(push.body)]
        if PushFields.isWebLink(options.clickAction) { webNotification["deep_link"] = PushFields.string(options.clickAction) }
        var web: [String: JSONValue] = ["notification": .object(webNotification)]
        if let data = push.data?.objectValue { web["data"] = .object(data) }
        web["time_to_live"] = PushFields.number(options.ttl)
        return ["apns": .object(apns), "fcm": .object(fcm), "web": .object(web)]
    }
}
