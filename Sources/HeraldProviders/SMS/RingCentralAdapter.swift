import HeraldCore

/// RingCentral SMS: `POST {server}/restapi/v1.0/account/~/extension/~/sms` with a Bearer access token and JSON
/// `{from: {phoneNumber}, to: [{phoneNumber}], text}`; overrides (`overrides.ring-central`) are merged into the body.
/// The server is `platform.ringcentral.com`, or `platform.devtest.ringcentral.com` when `secure` ("is sandbox") is on.
///
/// The access token comes from the JWT grant (`POST /restapi/oauth/token`, Basic `clientId:secretKey`, form
/// `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<token>`) and lives in the session, fetched once
/// for concurrent sends and again a minute before `expires_in` runs out; a send refused with 401 drops it and is tried
/// once more with a fresh one. The id is the message record's `id` (a number, kept as text); errors
/// `{errorCode, message, errors: [{errorCode, message}]}` are classified by RingCentral's error codes. The check runs
/// the token exchange.
public struct RingCentralAdapter: ProviderAdapter {
    public let providerIds = ["ring-central"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["clientId", "secretKey", "secure", "token", "from", "baseUrl"] }
    static let endpoint = Endpoint("https://platform.ringcentral.com", regions: ["sandbox": "https://platform.devtest.ringcentral.com"])
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func makeSession(for integration: Integration) async throws -> any ProviderSession {
        RingCentralSession(http: http, integration: integration)
    }

    /// A URL on the integration's server (production, sandbox, or `baseUrl`).
    static func url(_ path: String, _ integration: Integration) throws -> String {
        let sandbox = CredentialReader(integration.credentials).bool("secure") == true
        return try endpoint.url(path, credentials: integration.credentials, region: sandbox ? "sandbox" : nil)
    }

    /// The most specific error code: the first of `errors`, else the top-level `errorCode`, else OAuth's `error`.
    static func errorCode(_ response: ProviderResponse) -> String? {
        let json = response.json
        return SMSFields.text(json?.value(atDottedPath: "errors.0.errorCode")) ?? SMSFields.text(json?.value(atPath: "errorCode"))
            ?? SMSFields.text(json?.value(atPath: "error"))
    }

    /// The failure with the reason RingCentral's code gives, where the table has one.
    static func reclassified(_ failure: ProviderFailure) -> ProviderFailure {
        guard let code = failure.providerCode, let reason = codes.table[code] else { return failure }
        return ProviderFailure(reason, failure.message, providerCode: code, httpStatus: failure.httpStatus, retryAfter: failure.retryAfter)
    }

    /// RingCentral error codes (developers.ringcentral.com/guide/basics/errors) that say more than the status.
    static let codes = ProviderErrorCodes([
        "CMN-301": .rateLimited,     // request rate exceeded
        "CMN-302": .rateLimited,     // request rate exceeded
        "CMN-310": .rateLimited,     // global request rate exceeded
        "MSG-305": .rateLimited,     // messaging request rate exceeded
        "CMN-401": .misconfigured,   // the app lacks the permission (SMS) this call needs
        "MSG-242": .misconfigured,   // the requested feature is not available: `from` cannot send SMS
    ])
}

/// One RingCentral integration: its credentials and the cached access token.
struct RingCentralSession: ProviderSession {
    let http: ProviderHTTPClient
    let integration: Integration
    let tokens = RingCentralTokens()

    func send(_ message: ChannelMessage, context: SendContext) async throws -> ProviderReceipt {
        let sms = try SMSFields.sms(message, "ring-central")
        let credentials = CredentialReader(integration.credentials)
        let body: [String: JSONValue] = [
            "from": .object(["phoneNumber": .string(try sms.from ?? credentials.required("from"))]),
            "to": .array([.object(["phoneNumber": .string(sms.to)])]),
            "text": .string(sms.content),
        ]
        let url = try RingCentralAdapter.url("/restapi/v1.0/account/~/extension/~/sms", integration)
        let request = ProviderRequest("POST", url, headers: [("Accept", "application/json")],
                                      body: .json(SMSFields.merged(body, context.overrides)))
        var token = try await tokens.token(refresh: { try await fetchToken(timeout: context.remaining) })
        var response = try await http.execute(Self.authorized(request, token), timeout: .init(context.remaining))
        if response.status == 401 {
            // Expired early or revoked: drop it and try once more with a fresh one.
            await tokens.invalidate(token)
            token = try await tokens.token(refresh: { try await fetchToken(timeout: context.remaining) })
            response = try await http.execute(Self.authorized(request, token), timeout: .init(context.remaining))
        }
        guard response.isSuccess else {
            let failure = ProviderHTTPClient.failure(for: response, code: RingCentralAdapter.errorCode(response))
            throw RingCentralAdapter.reclassified(failure).redacting(Redactor(secrets: [token]))
        }
        return ProviderReceipt(messageId: SMSFields.text(response.json?.value(atPath: "id")))
    }

    /// Runs the token exchange (a fresh one): it proves the client id, secret and JWT.
    func check() async throws -> CheckResult {
        let token = try await fetchToken(timeout: .seconds(10))
        await tokens.store(token)
        return .passed
    }

    static func authorized(_ request: ProviderRequest, _ token: String) -> ProviderRequest {
        var request = request
        request.auth = .bearer(token)
        return request
    }

    /// The JWT grant: an access token and how long it lives.
    func fetchToken(timeout: Duration) async throws -> RingCentralTokens.Token {
        let credentials = CredentialReader(integration.credentials)
        let request = ProviderRequest(
            "POST", try RingCentralAdapter.url("/restapi/oauth/token", integration), headers: [("Accept", "application/json")],
            body: .form([("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", try credentials.required("token"))]),
            auth: .basic(user: try credentials.required("clientId"), password: try credentials.required("secretKey")))
        let response = try await http.execute(request, timeout: .init(timeout))
        guard response.isSuccess else {
            let failure = ProviderHTTPClient.failure(for: response, code: RingCentralAdapter.errorCode(response))
            // 400 invalid_grant / invalid_client at the token step: the client, secret or JWT is wrong.
            guard response.status == 400 else { throw failure }
            throw ProviderFailure(.badCredentials, failure.message, providerCode: failure.providerCode, httpStatus: 400)
        }
        guard let access = response.json?.value(atPath: "access_token")?.stringValue, !access.isEmpty else {
            throw ProviderFailure(.providerUnavailable, "the token answer has no access_token", httpStatus: response.status)
        }
        let lifetime = TokenLifetime.clamped(response.json?.value(atPath: "expires_in")?.numberValue)
        return .init(value: access, expires: .now + .seconds(lifetime))
    }
}

/// The access token of one session: fetched once for concurrent sends, refreshed before it expires.
actor RingCentralTokens {
    /// A token and when it stops working.
    struct Token: Sendable {
        let value: String
        let expires: ContinuousClock.Instant
    }

    /// Refresh this long before the token expires.
    static let margin: Duration = .seconds(60)
    private var current: Token?
    private var pending: Task<Token, any Error>?

    /// The cached token while it has more than ``margin`` left, else a new one from `refresh` (one fetch at a time).
    func token(refresh: @escaping @Sendable () async throws -> Token) async throws -> String {
        if let current, current.expires - Self.margin > .now { return current.value }
        if let pending { return try await pending.value.value }
        let task = Task { try await refresh() }
        pending = task
        defer { pending = nil }
        let token = try await task.value
        current = token
        return token.value
    }

    /// Keeps a token fetched elsewhere.
    func store(_ token: Token) { current = token }

    /// Forgets `value` if it is still the cached token.
    func invalidate(_ value: String) {
        if current?.value == value { current = nil }
    }
}
