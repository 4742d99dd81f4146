import HeraldCore

/// IO, the Italian public-administration app: each token is a citizen's fiscal code. Per code, `POST <appIOBaseUrl>/
/// profiles` with `{fiscal_code}` must answer `sender_allowed: true` (a 404 means the citizen is not on IO: an
/// invalid device token; `false` means they turned this service off: rejected), then `POST <appIOBaseUrl>/messages`
/// sends `{fiscal_code, content: {subject: title, markdown: body}}` (plus `time_to_live` from the push options and
/// the overrides). Both carry `Ocp-Apim-Subscription-Key`: the catalogue has no key credential, so the key comes from
/// the delivery's `overrides.appio.apiKey`, as in Novu. The id is `id` of the 201 answer; errors are Problem JSON
/// (`title`, `detail`). The profile lookup needs a real fiscal code, so there is no check.
public struct AppIOAdapter: StatelessProviderAdapter {
    public let providerIds = ["appio"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["appIOBaseUrl"] }
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let push = try PushFields.push(message, "appio")
        var base = try CredentialReader(integration.credentials).required("appIOBaseUrl")
        while base.hasSuffix("/") { base.removeLast() }
        var overrides = context.overrides
        guard let key = overrides.removeValue(forKey: "apiKey")?.stringValue, !key.isEmpty else {
            throw ProviderFailure.misconfigured("overrides.appio.apiKey (the IO service key) is missing")
        }
        let call = Call(base: base, headers: [("Accept", "application/json"), ("Ocp-Apim-Subscription-Key", key)],
                        http: http, timeout: context.remaining, redactor: Redactor(secrets: [key]))
        let rest = overrides
        do {
            return try await PushFields.perToken(push.deviceTokens) { fiscalCode in
                try await call.deliver(push, to: fiscalCode, overrides: rest)
            }
        } catch let failure as ProviderFailure {
            throw failure.redacting(call.redactor)
        }
    }

    /// What every request of one send shares.
    struct Call: Sendable {
        let base: String
        let headers: [(String, String)]
        let http: ProviderHTTPClient
        let timeout: Duration
        /// Removes the service key from what IO echoes (a recipient's error is recorded too).
        let redactor: Redactor

        /// Looks the citizen up, then sends the message; returns its id.
        func deliver(_ push: PushMessage, to fiscalCode: String, overrides: [String: JSONValue]) async throws -> String? {
            do {
                let profile = try await AppIOAdapter.profile(fiscalCode, self)
                guard profile.value(atPath: "sender_allowed")?.boolValue == true else {
                    throw ProviderFailure(.rejected, "IO: the citizen does not accept messages from this service", httpStatus: 200)
                }
                var body: [String: JSONValue] = [
                    "fiscal_code": .string(fiscalCode),
                    "content": .object(["subject": .string(push.title), "markdown": .string(push.body)]),
                ]
                body["time_to_live"] = PushFields.number(push.options.ttl)
                let response = try await http.send(
                    ProviderRequest("POST", base + "/messages", headers: headers, body: .json(.object(PushFields.deepMerge(body, overrides)))),
                    timeout: .init(timeout), code: AppIOAdapter.errorCode)
                return JSONPostAPI.string(response.json?.value(atPath: "id"))
            } catch let failure as ProviderFailure {
                throw failure.redacting(redactor)
            }
        }
    }

    /// The citizen's profile; a 404 (not on IO) is an invalid device token.
    static func profile(_ fiscalCode: String, _ call: Call) async throws -> JSONValue {
        do {
            let response = try await call.http.send(
                ProviderRequest("POST", call.base + "/profiles", headers: call.headers,
                                body: .json(.object(["fiscal_code": .string(fiscalCode)]))),
                timeout: .init(call.timeout), code: errorCode)
            return response.json ?? .null
        } catch let failure as ProviderFailure where failure.httpStatus == 404 {
            throw ProviderFailure(.invalidDeviceToken, failure.message, providerCode: failure.providerCode, httpStatus: 404)
        }
    }

    /// Problem JSON's `title`.
    static func errorCode(_ response: ProviderResponse) -> String? {
        response.json?.value(atPath: "title")?.stringValue
    }
}
