import Crypto
import Foundation
import HeraldCore

/// Apple Push Notification service, token-based: `POST /3/device/<token>` to `https://api.push.apple.com`
/// (`secure: true`) or `https://api.sandbox.push.apple.com`, one request per token (AsyncHTTPClient speaks HTTP/2
/// over TLS). `authorization: bearer <JWT>`: ES256 with the `.p8` key (`secretKey`), `kid` = the key id (`apiKey`),
/// `iss` = the team id (`projectName`), `iat`; the session reuses it for 50 minutes (Apple: at most one hour, at
/// least 20 minutes). Headers: `apns-topic` (the bundle id, `applicationId`), `apns-push-type: alert`,
/// `apns-priority` (10/5), `apns-expiration` (now + ttl) and `apns-collapse-id`. The payload is the data at the root and `aps` with `alert {title, body}`, `sound`, `badge`,
/// `thread-id` and `category` (else the click action, which FCM documents as the APNs category); overrides
/// (`overrides.apns`) are merged into the payload, member by member into `aps`. The id is the `apns-id` header.
/// Errors `{reason}`: `BadDeviceToken`, `DeviceTokenNotForTopic`, `Unregistered`, `ExpiredToken` and any 410 mark the
/// token invalid; `ExpiredProviderToken` renews the JWT once. Apple has no check call.
public struct APNsAdapter: ProviderAdapter {
    public let providerIds = ["apns"]
    public func credentialKeys(for providerId: String) -> Set<String> {
        ["secretKey", "apiKey", "projectName", "applicationId", "secure", "baseUrl"]
    }
    static let endpoint = Endpoint("https://api.sandbox.push.apple.com", regions: ["production": "https://api.push.apple.com"])
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func makeSession(for integration: Integration) async throws -> any ProviderSession {
        let credentials = CredentialReader(integration.credentials)
        guard let key = APNsSession.privateKey(try credentials.required("secretKey")) else {
            throw ProviderFailure.misconfigured("credentials.secretKey is not an APNs .p8 key (an EC P-256 private key in PEM)")
        }
        return APNsSession(
            key: key, keyId: try credentials.required("apiKey"), teamId: try credentials.required("projectName"),
            topic: try credentials.required("applicationId"), production: credentials.bool("secure") == true,
            integration: integration, http: http)
    }
}

/// One APNs integration: its key, its identifiers and its cached provider token.
struct APNsSession: ProviderSession {
    let key: P256.Signing.PrivateKey
    let keyId: String
    let teamId: String
    let topic: String
    let production: Bool
    let integration: Integration
    let http: ProviderHTTPClient
    let tokens = TokenCache()
    /// How long a provider token is used (Apple refuses tokens older than an hour).
    static let tokenLifetime: Duration = .seconds(3300)

    func send(_ message: ChannelMessage, context: SendContext) async throws -> ProviderReceipt {
        let push = try PushFields.push(message, "apns")
        let now = JWT.now()
        let headers = Self.headers(push, topic: topic, now: now)
        let payload = JSONValue.object(PushFields.deepMerge(Self.payload(push), context.overrides))
        let timeout = context.remaining
        return try await PushFields.perToken(push.deviceTokens) { [self] token in
            guard !token.isEmpty, token.allSatisfy(\.isHexDigit) else {
                throw ProviderFailure(.invalidDeviceToken, "not a hexadecimal APNs device token")
            }
            let url = try APNsAdapter.endpoint.url(
                "/3/device/\(token)", credentials: integration.credentials, region: production ? "production" : nil)
            return try await post(payload, headers: headers, to: url, timeout: timeout)
        }
    }

    /// Posts with the cached provider token; `ExpiredProviderToken` renews it once. Returns `apns-id`.
    func post(_ payload: JSONValue, headers: [(String, String)], to url: String, timeout: Duration) async throws -> String? {
        var renewed = false
        while true {
            let jwt = try await tokens.token { [self] in (try providerToken(now: JWT.now()), Self.tokenLifetime) }
            let response = try await http.execute(
                ProviderRequest("POST", url, headers: headers, body: .json(payload), auth: .bearer(jwt)), timeout: .init(timeout))
            if response.isSuccess { return response.header("apns-id") }
            let failure = Self.failure(response)
            if failure.providerCode == "ExpiredProviderToken", !renewed {
                renewed = true
                await tokens.invalidate(jwt)
                continue
            }
            throw failure.redacting(Redactor(secrets: [jwt]))
        }
    }

    /// The provider token: `{"alg":"ES256","kid":…}.{"iss":…,"iat":…}` signed with the key (raw r‖s).
    func providerToken(now: Int) throws -> String {
        let input = JWT.signingInput(
            header: .object(["alg": .string("ES256"), "kid": .string(keyId)]),
            claims: .object(["iss": .string(teamId), "iat": .number(Double(now))]))
        let signature = try key.signature(for: Data(input.utf8))
        return input + "." + JWT.base64URL(Array(signature.rawRepresentation))
    }

    /// The request headers for the push options (an alert: Herald's push messages always have a title and body).
    static func headers(_ push: PushMessage, topic: String, now: Int) -> [(String, String)] {
        let options = push.options
        var headers = [("apns-topic", topic), ("apns-push-type", "alert")]
        if let priority = options.priority { headers.append(("apns-priority", priority == "high" ? "10" : "5")) }
        if let ttl = options.ttl { headers.append(("apns-expiration", ttl <= 0 ? "0" : "\(now + ttl)")) }
        if let collapse = options.collapseKey { headers.append(("apns-collapse-id", collapse)) }
        return headers
    }

    /// The payload: the data's members at the root, and `aps`.
    static func payload(_ push: PushMessage) -> [String: JSONValue] {
        let options = push.options
        var payload = push.data?.objectValue ?? [:]
        var alert: [String: JSONValue] = ["body": .string(push.body)]
        if !push.title.isEmpty { alert["title"] = .string(push.title) }
        var aps: [String: JSONValue] = ["alert": .object(alert)]
        aps["sound"] = PushFields.string(options.sound)
        aps["badge"] = PushFields.number(options.badge)
        aps["thread-id"] = PushFields.string(options.threadId)
        aps["category"] = PushFields.string(options.category ?? options.clickAction)
        payload["aps"] = .object(aps)
        return payload
    }

    /// The failure an error answer means, by Apple's `reason`.
    static func failure(_ response: ProviderResponse) -> ProviderFailure {
        let code = response.json?.value(atPath: "reason")?.stringValue
        let generic = ProviderHTTPClient.failure(for: response, code: code)
        let reason: ProviderFailure.Reason? = response.status == 410 ? .invalidDeviceToken : code.flatMap { reasons[$0] }
        guard let reason, reason != generic.reason else { return generic }
        return ProviderFailure(reason, generic.message, providerCode: code, httpStatus: response.status, retryAfter: generic.retryAfter)
    }

    /// Apple's documented reasons, where they say more than the status.
    static let reasons: [String: ProviderFailure.Reason] = [
        "BadDeviceToken": .invalidDeviceToken,
        "DeviceTokenNotForTopic": .invalidDeviceToken,
        "Unregistered": .invalidDeviceToken,
        "ExpiredToken": .invalidDeviceToken,
        "BadTopic": .misconfigured,
        "TopicDisallowed": .misconfigured,
        "MissingTopic": .misconfigured,
        "BadCertificateEnvironment": .misconfigured,
        "ExpiredProviderToken": .badCredentials,
        "InvalidProviderToken": .badCredentials,
        "MissingProviderToken": .badCredentials,
        "BadCertificate": .badCredentials,
        "IdleTimeout": .connection,
        "TooManyProviderTokenUpdates": .rateLimited,
        "TooManyRequests": .rateLimited,
        "InternalServerError": .providerUnavailable,
        "ServiceUnavailable": .providerUnavailable,
        "Shutdown": .providerUnavailable,
    ]

    /// The `.p8` key, also when its PEM lost its line breaks (pasted on one line, or with `\n` escapes).
    static func privateKey(_ pem: String) -> P256.Signing.PrivateKey? {
        if let key = try? P256.Signing.PrivateKey(pemRepresentation: pem) { return key }
        let body = pem.replacingOccurrences(of: "-----BEGIN PRIVATE KEY-----", with: "")
            .replacingOccurrences(of: "-----END PRIVATE KEY-----", with: "")
            .replacingOccurrences(of: "\\n", with: "")
            .filter { !$0.isWhitespace }
        guard let der = Data(base64Encoded: body) else { return nil }
        return try? P256.Signing.PrivateKey(derRepresentation: der)
    }
}
