import Crypto
import Foundation
import HeraldCore
import _CryptoExtras

/// Firebase Cloud Messaging, HTTP v1: `POST https://fcm.googleapis.com/v1/projects/<project_id>/messages:send`, one
/// request per token, `Authorization: Bearer <access token>`. The access token comes from the service account JSON
/// (`serviceAccount`): a JWT signed RS256 with its `private_key` (`iss` = `client_email`, scope
/// `…/auth/firebase.messaging`, `aud` = `token_uri`) is exchanged at `token_uri` (`grant_type=
/// urn:ietf:params:oauth:grant-type:jwt-bearer`), and the session keeps the token until shortly before it expires.
///
/// The message carries `token`, `notification` (`title`, `body`, `image`), `data` (values as strings), and the push
/// options where FCM has a field: `android` (`priority`, `ttl`, `collapse_key`, `notification.sound`,
/// `notification.click_action`), `apns` (`apns-priority`, `apns-expiration`, `apns-collapse-id` headers;
/// `aps.sound`, `badge`, `thread-id`, `category`) and `webpush` (`TTL`, `Urgency`, `fcm_options.link`). Overrides
/// (`overrides.fcm`) are merged into `message`, member by member into nested objects. The id is `name`. Errors are
/// classified by `details[].errorCode` (else `status`): `UNREGISTERED`, `SENDER_ID_MISMATCH` and an
/// `INVALID_ARGUMENT` about the token mark that token invalid; a 401 refreshes the access token once. The check
/// sends a `validate_only` message to a topic (nothing is delivered).
public struct FCMAdapter: ProviderAdapter {
    public let providerIds = ["fcm"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["serviceAccount", "baseUrl"] }
    static let endpoint = Endpoint("https://fcm.googleapis.com")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func makeSession(for integration: Integration) async throws -> any ProviderSession {
        FCMSession(account: try GoogleServiceAccount(integration.credentials), integration: integration, http: http)
    }
}

/// One FCM integration: its parsed service account and its cached access token.
struct FCMSession: ProviderSession {
    let account: GoogleServiceAccount
    let integration: Integration
    let http: ProviderHTTPClient
    let tokens = TokenCache()

    func send(_ message: ChannelMessage, context: SendContext) async throws -> ProviderReceipt {
        let push = try PushFields.push(message, "fcm")
        let url = try sendURL()
        let now = JWT.now()
        let timeout = context.remaining
        return try await PushFields.perToken(push.deviceTokens) { [self] token in
            var body = FCMMessage.message(push, now: now)
            body["token"] = .string(token)
            let message = JSONValue.object(PushFields.deepMerge(body, context.overrides))
            let response = try await post(["message": message], to: url, timeout: timeout)
            return response.json?.value(atPath: "name")?.stringValue
        }
    }

    /// A `validate_only` message to a topic: FCM checks the credentials, the project and the message, and delivers
    /// nothing.
    func check() async throws -> CheckResult {
        let message: JSONValue = .object([
            "topic": .string("herald-check"),
            "notification": .object(["title": .string("Herald"), "body": .string("configuration check")]),
        ])
        _ = try await post(["validate_only": .bool(true), "message": message], to: try sendURL(), timeout: .seconds(15))
        return .passed
    }

    func sendURL() throws -> String {
        let project = try SMSFields.pathSafe(account.projectId, key: "serviceAccount.project_id")
        return try FCMAdapter.endpoint.url("/v1/projects/\(project)/messages:send", credentials: integration.credentials)
    }

    /// Posts with the cached access token; a 401 drops it and tries once more with a fresh one.
    func post(_ body: [String: JSONValue], to url: String, timeout: Duration) async throws -> ProviderResponse {
        var retried = false
        while true {
            let token = try await accessToken(timeout: timeout)
            let response = try await http.execute(
                ProviderRequest("POST", url, headers: [("Accept", "application/json")], body: .json(.object(body)), auth: .bearer(token)),
                timeout: .init(timeout))
            if response.isSuccess { return response }
            if response.status == 401, !retried {
                retried = true
                await tokens.invalidate(token)
                continue
            }
            throw FCMMessage.failure(response).redacting(Redactor(secrets: [token]))
        }
    }

    /// The cached access token, or one exchanged for a fresh assertion.
    func accessToken(timeout: Duration) async throws -> String {
        try await tokens.token { [account, http] in try await account.exchange(http: http, timeout: timeout) }
    }
}

/// A Google service account (the JSON file): the project, the client e-mail, the token endpoint and the parsed key.
struct GoogleServiceAccount: Sendable {
    let projectId: String
    let clientEmail: String
    let tokenURI: String
    let key: _RSA.Signing.PrivateKey
    /// The OAuth2 scope FCM sends need.
    static let scope = "https://www.googleapis.com/auth/firebase.messaging"

    /// Reads `credentials.serviceAccount` (the JSON as text, or as an object); misconfigured when a field is missing.
    init(_ credentials: Credentials) throws {
        let json: JSONValue
        if let object = credentials.values["serviceAccount"], object.objectValue != nil {
            json = object
        } else {
            let text = try CredentialReader(credentials).required("serviceAccount")
            guard let parsed = try? JSONValue.parse(Data(text.utf8)), parsed.objectValue != nil else {
                throw ProviderFailure.misconfigured("credentials.serviceAccount must be the service account JSON")
            }
            json = parsed
        }
        func field(_ name: String) throws -> String {
            guard let value = json.value(atPath: name)?.stringValue, !value.isEmpty else {
                throw ProviderFailure.misconfigured("credentials.serviceAccount has no \(name)")
            }
            return value
        }
        projectId = try field("project_id")
        clientEmail = try field("client_email")
        tokenURI = json.value(atPath: "token_uri")?.stringValue ?? "https://oauth2.googleapis.com/token"
        guard let key = try? _RSA.Signing.PrivateKey(pemRepresentation: try field("private_key")) else {
            throw ProviderFailure.misconfigured("credentials.serviceAccount.private_key is not an RSA private key (PEM)")
        }
        self.key = key
    }

    /// The signed JWT assertion (RS256) for the token endpoint.
    func assertion(now: Int) throws -> String {
        let input = JWT.signingInput(
            header: .object(["alg": .string("RS256"), "typ": .string("JWT")]),
            claims: .object([
                "iss": .string(clientEmail), "scope": .string(Self.scope), "aud": .string(tokenURI),
                "iat": .number(Double(now)), "exp": .number(Double(now + 3600)),
            ]))
        let signature = try key.signature(for: SHA256.hash(data: Data(input.utf8)), padding: .insecurePKCS1v1_5)
        return input + "." + JWT.base64URL(Array(signature.rawRepresentation))
    }

    /// Exchanges an assertion for an access token at `token_uri` (through the outbound guard like any URL).
    func exchange(http: ProviderHTTPClient, timeout: Duration) async throws -> (token: String, lifetime: Duration) {
        let assertion = try assertion(now: JWT.now())
        let form = [("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", assertion)]
        do {
            let response = try await http.send(
                ProviderRequest("POST", tokenURI, headers: [("Accept", "application/json")], body: .form(form)),
                timeout: .init(timeout), code: { $0.json?.value(atPath: "error")?.stringValue })
            guard let token = response.json?.value(atPath: "access_token")?.stringValue, !token.isEmpty else {
                throw ProviderFailure(.unknown, "the token endpoint answered no access_token", httpStatus: response.status)
            }
            return (token, .seconds(TokenLifetime.clamped(response.json?.value(atPath: "expires_in")?.numberValue)))
        } catch let failure as ProviderFailure {
            // OAuth2 errors (RFC 6749 §5.2): a refused assertion is a credential problem whatever the status.
            let reason: ProviderFailure.Reason? = switch failure.providerCode {
            case "invalid_grant", "invalid_client", "unauthorized_client": .badCredentials
            case "invalid_scope", "unsupported_grant_type", "invalid_request": .misconfigured
            default: nil
            }
            let classified = reason.map {
                ProviderFailure($0, "access token: " + failure.message, providerCode: failure.providerCode,
                                httpStatus: failure.httpStatus, retryAfter: failure.retryAfter)
            } ?? failure
            throw classified.redacting(Redactor(secrets: [assertion]))
        }
    }
}

/// The FCM v1 message and error shapes.
enum FCMMessage {
    /// The message without its target: notification, data, and the push options per platform.
    static func message(_ push: PushMessage, now: Int) -> [String: JSONValue] {
        let options = push.options
        let high = options.priority.map { $0 == "high" }
        var message: [String: JSONValue] = [
            "notification": PushFields.compact([
                "title": .string(push.title), "body": .string(push.body), "image": PushFields.string(options.imageUrl),
            ]) ?? .null,
        ]
        let data = PushFields.stringMap(push.data)
        if !data.isEmpty { message["data"] = .object(data) }
        message["android"] = PushFields.compact([
            "priority": high.map { .string($0 ? "HIGH" : "NORMAL") },
            "ttl": options.ttl.map { .string("\($0)s") },
            "collapse_key": PushFields.string(options.collapseKey),
            "notification": PushFields.compact([
                "sound": PushFields.string(options.sound), "click_action": PushFields.string(options.clickAction),
            ]),
        ])
        message["apns"] = PushFields.compact([
            "headers": PushFields.compact([
                "apns-priority": high.map { .string($0 ? "10" : "5") },
                "apns-expiration": options.ttl.map { .string("\(now + $0)") },
                "apns-collapse-id": PushFields.string(options.collapseKey),
            ]),
            "payload": PushFields.compact(["aps": PushFields.compact([
                "sound": PushFields.string(options.sound), "badge": PushFields.number(options.badge),
                "thread-id": PushFields.string(options.threadId), "category": PushFields.string(options.category),
            ])]),
        ])
        message["webpush"] = PushFields.compact([
            "headers": PushFields.compact([
                "TTL": options.ttl.map { .string("\($0)") }, "Urgency": high.map { .string($0 ? "high" : "normal") },
            ]),
            "fcm_options": PushFields.isWebLink(options.clickAction) ? PushFields.compact(["link": PushFields.string(options.clickAction)]) : nil,
        ])
        return message.filter { $0.value != .null }
    }

    /// The failure an error answer means, by FCM's error code.
    static func failure(_ response: ProviderResponse) -> ProviderFailure {
        let code = errorCode(response)
        let generic = ProviderHTTPClient.failure(for: response, code: code)
        let reason: ProviderFailure.Reason? = switch code {
        case "UNREGISTERED", "SENDER_ID_MISMATCH": .invalidDeviceToken
        case "INVALID_ARGUMENT": aboutTheToken(response) ? .invalidDeviceToken : .rejected
        case "QUOTA_EXCEEDED", "RESOURCE_EXHAUSTED": .rateLimited
        case "UNAVAILABLE", "INTERNAL": .providerUnavailable
        case "THIRD_PARTY_AUTH_ERROR": .misconfigured   // the APNs or web-push credentials in the Firebase console
        case "PERMISSION_DENIED", "UNAUTHENTICATED": .badCredentials
        default: nil
        }
        guard let reason, reason != generic.reason else { return generic }
        return ProviderFailure(reason, generic.message, providerCode: code, httpStatus: response.status, retryAfter: generic.retryAfter)
    }

    /// `error.details[].errorCode` (the FcmError), else `error.status`.
    static func errorCode(_ response: ProviderResponse) -> String? {
        let details = response.json?.value(atPath: "error.details")?.arrayValue ?? []
        return details.lazy.compactMap { $0.value(atPath: "errorCode")?.stringValue }.first
            ?? response.json?.value(atPath: "error.status")?.stringValue
    }

    /// Whether an `INVALID_ARGUMENT` is about the registration token (a `message.token` field violation, or FCM's
    /// "not a valid FCM registration token").
    static func aboutTheToken(_ response: ProviderResponse) -> Bool {
        let details = response.json?.value(atPath: "error.details")?.arrayValue ?? []
        let fields = details.flatMap { $0.value(atPath: "fieldViolations")?.arrayValue ?? [] }
            .compactMap { $0.value(atPath: "field")?.stringValue }
        return fields.contains("message.token")
            || response.json?.value(atPath: "error.message")?.stringValue?.contains("registration token") == true
    }
}
