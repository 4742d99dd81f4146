import HeraldCore

/// iMedia (Vietnam brand-name SMS): `POST https://api.mobilebranding.vn/api/SMSBrandname/SendSMS`, the token in a
/// header named `token`, JSON `{to, from, message, scheduled: "", requestId, useUnicode, type: 1}` (the number
/// without `+`; `type` 1 is a customer-care message; `useUnicode` 1 for text outside ASCII, else 0; the delivery id
/// as `requestId`, which iMedia uses to drop a repeated request). Overrides (`overrides.imedia`) merge into the body
/// (`telco`, `scheduled`, `type`, `ext`, …). iMedia answers with `errorCode` `000` and the id in `referentId`; any
/// other `errorCode` fails with that code. No read-only call is documented to check with.
public struct IMediaAdapter: StatelessProviderAdapter {
    public let providerIds = ["imedia"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["token", "from", "baseUrl"] }
    static let api = JSONPostAPI(
        Endpoint("https://api.mobilebranding.vn"), path: "/api/SMSBrandname/SendSMS",
        auth: { .header("token", try $0.required("token")) }, messageId: nil, errorCode: "errorCode")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let sms = try SMSFields.sms(message, "imedia")
        let credentials = CredentialReader(integration.credentials)
        let body: JSONValue = .object([
            "to": .string(SMSFields.withoutPlus(sms.to)), "from": .string(try sms.from ?? credentials.required("from")),
            "message": .string(sms.content), "scheduled": .string(""), "requestId": .string(context.deliveryId),
            "useUnicode": .number(sms.content.unicodeScalars.allSatisfy(\.isASCII) ? 0 : 1), "type": .number(1),
        ])
        let response = try await Self.codes.classify {
            try await Self.api.post(body, integration: integration, context: context, http: http)
        }
        let code = SMSFields.text(response.json?.value(atPath: "errorCode"))
        guard code == "000" else {
            throw Self.codes.failure(code, response.json?.value(atPath: "errorMessage")?.stringValue ?? response.text, status: response.status)
        }
        return ProviderReceipt(messageId: SMSFields.text(response.json?.value(atPath: "referentId")))
    }

    /// iMedia publishes no error code table; a failed `errorCode` is recorded and the send refused.
    static let codes = ProviderErrorCodes([:])
}
