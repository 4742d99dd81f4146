import HeraldCore

/// CM.com Business Messaging: `POST https://gw.messaging.cm.com/v1.0/message`, `X-CM-PRODUCTTOKEN` header, JSON
/// `{"messages": {"msg": [{allowedChannels: ["SMS"], from, to: [{number}], body: {type: "auto", content},
/// reference}]}}` with the number in CM's `00…` form and the delivery id as the reference. Overrides
/// (`overrides.cm-telecom`) merge into the top-level body. CM returns no id of its own: the id recorded is the
/// message's `reference` as CM echoes it. A non-zero `errorCode` (in an error or a 2xx answer) is a failure
/// classified by CM's codes. CM documents no read-only call to check with.
public struct CMTelecomAdapter: StatelessProviderAdapter {
    public let providerIds = ["cm-telecom"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiToken", "from", "baseUrl"] }
    static let api = JSONPostAPI(
        Endpoint("https://gw.messaging.cm.com"), path: "/v1.0/message",
        auth: { .header("X-CM-PRODUCTTOKEN", try $0.required("apiToken")) }, messageId: "messages.0.reference",
        errorCode: "errorCode")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let sms = try SMSFields.sms(message, "cm-telecom")
        let from = try sms.from ?? CredentialReader(integration.credentials).required("from")
        let item: JSONValue = .object([
            "allowedChannels": .array([.string("SMS")]), "from": .string(from),
            "to": .array([.object(["number": .string(Self.number(sms.to))])]),
            "body": .object(["type": .string("auto"), "content": .string(sms.content)]), "reference": .string(context.deliveryId),
        ])
        let response = try await Self.codes.classify {
            try await Self.api.post(.object(["messages": .object(["msg": .array([item])])]), integration: integration,
                                    context: context, http: http)
        }
        if let code = Self.api.code(response), code != "0" {
            let detail = response.json?.value(atDottedPath: "messages.0.messageDetails")?.stringValue
                ?? response.json?.value(atPath: "details")?.stringValue
            throw Self.codes.failure(code, detail, status: response.status)
        }
        return ProviderReceipt(messageId: SMSFields.text(response.json?.value(atDottedPath: "messages.0.reference")))
    }

    /// CM's number form: digits only, `+` as `00`, `00` added when missing.
    static func number(_ raw: String) -> String {
        let kept = raw.filter { !" -()".contains($0) }
        if kept.hasPrefix("+") { return "00" + kept.dropFirst() }
        return kept.hasPrefix("00") ? kept : "00" + kept
    }

    /// CM Business Messaging error codes.
    static let codes = ProviderErrorCodes([
        "101": .badCredentials,       // authentication of the request failed
        "102": .quotaExceeded,        // insufficient balance
        "103": .badCredentials,       // the product token is incorrect
        "201": .rejected,             // one or more messages have errors and were not sent
        "999": .providerUnavailable,  // something unexpected happened
    ])
}
