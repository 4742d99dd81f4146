import HeraldCore

/// Bandwidth Messaging v2: `POST https://messaging.bandwidth.com/api/v2/users/{accountId}/messages`, Basic auth
/// (`user`, `password`), JSON `{applicationId, to: [number], from, text, tag}` with the delivery id as `tag`.
/// Bandwidth wants the messaging application linked to the `from` number as `applicationId`; the catalogue has no key
/// for it, so it comes from `overrides.bandwidth.applicationId` and otherwise, as Novu sends it, `accountSid`.
/// Overrides merge into the top-level body (`applicationId`, `media`, `priority`, `expiration`, …). The id is `id`;
/// errors `{type, description, fieldErrors}` record `type`. The check lists the account's messages
/// (`GET /api/v2/users/{accountId}/messages`), which needs the same credentials and sends nothing.
public struct BandwidthAdapter: StatelessProviderAdapter {
    public let providerIds = ["bandwidth"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["user", "password", "accountSid", "from", "baseUrl"] }
    static let endpoint = Endpoint("https://messaging.bandwidth.com")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let sms = try SMSFields.sms(message, "bandwidth")
        let credentials = CredentialReader(integration.credentials)
        let account = try SMSFields.pathSafe(try credentials.required("accountSid"), key: "accountSid")
        let body = SMSFields.merged([
            "applicationId": .string(account), "to": .array([.string(sms.to)]),
            "from": .string(try sms.from ?? credentials.required("from")), "text": .string(sms.content),
            "tag": .string(context.deliveryId),
        ], context.overrides)
        let response = try await http.send(
            ProviderRequest("POST", try Self.endpoint.url("/api/v2/users/\(account)/messages", credentials: integration.credentials),
                            headers: [("Accept", "application/json")], body: .json(body), auth: try Self.auth(credentials)),
            timeout: .init(context.remaining), code: Self.errorCode)
        return ProviderReceipt(messageId: response.json?.value(atPath: "id")?.stringValue)
    }

    static func auth(_ credentials: CredentialReader) throws -> ProviderRequest.Auth {
        .basic(user: try credentials.required("user"), password: try credentials.required("password"))
    }

    /// Bandwidth's error `type`.
    static func errorCode(_ response: ProviderResponse) -> String? {
        response.json?.value(atPath: "type")?.stringValue
    }

    /// Lists the account's messages with the credentials.
    public func check(_ integration: Integration) async throws -> CheckResult {
        let credentials = CredentialReader(integration.credentials)
        let account = try SMSFields.pathSafe(try credentials.required("accountSid"), key: "accountSid")
        _ = try await http.send(
            ProviderRequest("GET", try Self.endpoint.url("/api/v2/users/\(account)/messages", credentials: integration.credentials),
                            headers: [("Accept", "application/json")], auth: try Self.auth(credentials)),
            code: Self.errorCode)
        return .passed
    }
}
