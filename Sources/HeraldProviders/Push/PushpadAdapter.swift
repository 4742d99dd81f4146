import HeraldCore

/// Pushpad (web push): `POST https://pushpad.xyz/api/v1/projects/<projectId>/notifications` with
/// `Authorization: Token token="<apiKey>"` (the project id is `applicationId`); tokens are Pushpad uids, all in one
/// request. The body is `{notification: {body, title, target_url, image_url, ttl, urgent, custom_data}, uids}`:
/// the click action is the target URL, `high` priority is `urgent`, the data travels as JSON text in `custom_data`.
/// Overrides (`overrides.pushpad`) are merged in, member by member into `notification`. The answer is 201
/// `{id, scheduled, uids}`: `id` is the message id, and a uid missing from `uids` has no subscription (an invalid
/// device token). The check reads the project (`GET /api/v1/projects/<projectId>`).
public struct PushpadAdapter: StatelessProviderAdapter {
    public let providerIds = ["pushpad"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiKey", "applicationId", "baseUrl"] }
    static let endpoint = Endpoint("https://pushpad.xyz")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let push = try PushFields.push(message, "pushpad")
        let credentials = CredentialReader(integration.credentials)
        let url = try Self.url("/notifications", integration)
        var body: [String: JSONValue] = [
            "notification": .object(Self.notification(push)), "uids": .array(push.deviceTokens.map(JSONValue.string)),
        ]
        body = PushFields.deepMerge(body, context.overrides)
        let response = try await Self.classified {
            try await http.send(
                ProviderRequest("POST", url, headers: Self.headers, body: .json(.object(body)), auth: try Self.auth(credentials)),
                timeout: .init(context.remaining), code: Self.errorCode)
        }
        let answer = response.json ?? .null
        let id = JSONPostAPI.string(answer.value(atPath: "id"))
        let reached = Set(answer.value(atPath: "uids")?.arrayValue?.compactMap(\.stringValue) ?? push.deviceTokens)
        return try PushFields.receipt(push.deviceTokens.map { uid in
            guard !reached.contains(uid) else { return (uid, .success(id)) }
            return (uid, .failure(ProviderFailure(.invalidDeviceToken, "Pushpad: the uid has no subscription", httpStatus: response.status)))
        })
    }

    public func check(_ integration: Integration) async throws -> CheckResult {
        _ = try await Self.classified {
            try await http.send(
                ProviderRequest("GET", try Self.url("", integration), headers: Self.headers,
                                auth: try Self.auth(CredentialReader(integration.credentials))),
                code: Self.errorCode)
        }
        return .passed
    }

    static let headers = [("Accept", "application/json")]

    /// A path under the project.
    static func url(_ path: String, _ integration: Integration) throws -> String {
        let project = try SMSFields.pathSafe(try CredentialReader(integration.credentials).required("applicationId"), key: "applicationId")
        return try endpoint.url("/api/v1/projects/\(project)\(path)", credentials: integration.credentials)
    }

    /// `Authorization: Token token="…"`, as the REST API documents.
    static func auth(_ credentials: CredentialReader) throws -> ProviderRequest.Auth {
        .header("Authorization", "Token token=\"\(try credentials.required("apiKey"))\"")
    }

    /// The `notification` object.
    static func notification(_ push: PushMessage) -> [String: JSONValue] {
        let options = push.options
        var notification: [String: JSONValue] = ["body": .string(push.body)]
        if !push.title.isEmpty { notification["title"] = .string(push.title) }
        notification["target_url"] = PushFields.string(options.clickAction)
        notification["image_url"] = PushFields.string(options.imageUrl)
        notification["ttl"] = PushFields.number(options.ttl)
        if let priority = options.priority { notification["urgent"] = .bool(priority == "high") }
        if let data = push.data, data != .null {
            notification["custom_data"] = .string(data.stringValue ?? String(decoding: data.encoded(), as: UTF8.self))
        }
        return notification
    }

    /// Statuses Pushpad documents with a meaning beyond the generic classes: 402 (an unpaid invoice) and 404 (no such
    /// project).
    static func classified<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let failure as ProviderFailure {
            let reason: ProviderFailure.Reason? = switch failure.httpStatus {
            case 402: .quotaExceeded
            case 404: .misconfigured
            default: nil
            }
            guard let reason else { throw failure }
            throw ProviderFailure(reason, failure.message, providerCode: failure.providerCode,
                                  httpStatus: failure.httpStatus, retryAfter: failure.retryAfter)
        }
    }

    /// Pushpad's `error` message, when it sends one.
    static func errorCode(_ response: ProviderResponse) -> String? {
        response.json?.value(atPath: "error")?.stringValue
    }
}
