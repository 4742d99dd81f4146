import HeraldCore

/// Unifonic SMS: `POST https://el.cloud.unifonic.com/rest/SMS/messages`, form `AppSid, SenderID, Recipient, Body,
/// responseType=JSON, CorrelationID` (the number without `+`, the delivery id as the correlation id). The sender is
/// the delivery's, else `senderId`, else `from`. Overrides (`overrides.unifonic`) are Unifonic form fields
/// (`statusCallback`, `async`, `MessageType`, …). The id is `data.MessageID`; an answer with `success: false` fails,
/// and errors are classified by Unifonic's documented status codes (or its `errorCode`). No read-only check is
/// documented for an AppSid.
public struct UnifonicAdapter: StatelessProviderAdapter {
    public let providerIds = ["unifonic"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["appSid", "senderId", "from", "baseUrl"] }
    static let endpoint = Endpoint("https://el.cloud.unifonic.com")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let sms = try SMSFields.sms(message, "unifonic")
        let credentials = CredentialReader(integration.credentials)
        guard let sender = sms.from ?? credentials.optional("senderId") ?? credentials.optional("from") else {
            throw ProviderFailure.misconfigured("credentials.senderId is missing")
        }
        let form = SMSFields.form([
            ("AppSid", try credentials.required("appSid")), ("SenderID", sender), ("Recipient", SMSFields.withoutPlus(sms.to)),
            ("Body", sms.content), ("responseType", "JSON"), ("CorrelationID", context.deliveryId),
        ], overrides: context.overrides)
        let response = try await Self.codes.classify {
            try await http.send(
                ProviderRequest("POST", try Self.endpoint.url("/rest/SMS/messages", credentials: integration.credentials),
                                headers: [("Accept", "application/json")], body: .form(form)),
                timeout: .init(context.remaining), code: Self.errorCode)
        }
        let json = response.json
        guard json?.value(atPath: "success")?.boolValue == true,
            let id = SMSFields.text(json?.value(atDottedPath: "data.MessageID") ?? json?.value(atDottedPath: "data.messageID"))
        else {
            throw Self.codes.failure(Self.errorCode(response), json?.value(atPath: "message")?.stringValue, status: response.status)
        }
        return ProviderReceipt(messageId: id)
    }

    /// Unifonic's `errorCode`, else the HTTP status (Unifonic documents its errors as status codes).
    static func errorCode(_ response: ProviderResponse) -> String? {
        response.json?.value(atPath: "errorCode")?.stringValue ?? (response.isSuccess ? nil : String(response.status))
    }

    /// Unifonic REST status codes (docs.unifonic.com, HTTP status codes).
    static let codes = ProviderErrorCodes([
        "401": .badCredentials,     // authentication failed
        "402": .misconfigured,      // missing parameter AppSid
        "403": .misconfigured,      // invalid IP address
        "410": .invalidRecipient,   // invalid recipient format
        "429": .rateLimited,        // too many requests
        "440": .misconfigured,      // wrong sender format
        "459": .badCredentials,     // authentication parameters incorrectly base64 encoded
        "480": .misconfigured,      // this user cannot use the specified SenderID
        "482": .invalidRecipient,   // invalid destination number
        "483": .invalidRecipient,   // operator not found
    ])
}
