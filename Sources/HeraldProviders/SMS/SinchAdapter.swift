import HeraldCore

/// Sinch SMS REST API: `POST https://{region}.sms.api.sinch.com/xms/v1/{service_plan_id}/batches`, Bearer API
/// token, JSON `{from, to: [number], body, client_reference}` (the delivery id as the client reference).
/// `region` is one of Sinch's documented regions (`us`, `eu`, `au`, `br`, `ca`). Overrides (`overrides.sinch`) are
/// Sinch's batch fields (`delivery_report`, `callback_url`, …). The id is the batch `id`; errors `{code, text}` are
/// classified by status and Sinch's codes. The check lists one batch (`GET …/batches?page_size=1`).
public struct SinchAdapter: StatelessProviderAdapter {
    public let providerIds = ["sinch"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["servicePlanId", "apiToken", "region", "from", "baseUrl"] }
    static let regions = ["us", "eu", "au", "br", "ca"]
    static let endpoint = Endpoint(
        "https://us.sms.api.sinch.com",
        regions: Dictionary(uniqueKeysWithValues: regions.map { ($0, "https://\($0).sms.api.sinch.com") }))
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let sms = try SMSFields.sms(message, "sinch")
        let credentials = CredentialReader(integration.credentials)
        let body: [String: JSONValue] = [
            "from": .string(try sms.from ?? credentials.required("from")), "to": .array([.string(sms.to)]),
            "body": .string(sms.content), "client_reference": .string(context.deliveryId),
        ]
        let response = try await Self.codes.classify {
            try await http.send(
                ProviderRequest("POST", try Self.url(integration, "/batches"), headers: [("Accept", "application/json")],
                                body: .json(SMSFields.merged(body, context.overrides)),
                                auth: .bearer(try credentials.required("apiToken"))),
                timeout: .init(context.remaining), code: Self.errorCode)
        }
        return ProviderReceipt(messageId: SMSFields.text(response.json?.value(atPath: "id")))
    }

    public func check(_ integration: Integration) async throws -> CheckResult {
        let credentials = CredentialReader(integration.credentials)
        _ = try await Self.codes.classify {
            try await http.send(
                ProviderRequest("GET", try Self.url(integration, "/batches?page_size=1"), headers: [("Accept", "application/json")],
                                auth: .bearer(try credentials.required("apiToken"))),
                code: Self.errorCode)
        }
        return .passed
    }

    /// The URL of a path under the service plan, on the integration's region.
    static func url(_ integration: Integration, _ path: String) throws -> String {
        let credentials = CredentialReader(integration.credentials)
        let region = try credentials.required("region").lowercased()
        guard regions.contains(region) else {
            throw ProviderFailure.misconfigured("credentials.region must be one of \(regions.joined(separator: ", "))")
        }
        let plan = try SMSFields.pathSafe(try credentials.required("servicePlanId"), key: "servicePlanId")
        return try endpoint.url("/xms/v1/\(plan)\(path)", credentials: integration.credentials, region: region)
    }

    /// Sinch's error `code`.
    static func errorCode(_ response: ProviderResponse) -> String? { response.json?.value(atPath: "code")?.stringValue }

    /// Sinch SMS REST error codes that say more than the status.
    static let codes = ProviderErrorCodes([
        "unprovisioned_region": .misconfigured,   // the service plan is not in this region
        "unauthorized": .badCredentials,
        "forbidden": .badCredentials,
    ])
}
