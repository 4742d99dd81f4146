import HeraldCore

/// iSend SMS (send.com.ly) API v3: `POST https://send.com.ly/api/v3/sms/send`, `Authorization: Bearer <apiToken>`,
/// JSON `{recipient, sender_id, type, message}` — the number without a leading `+` or `00`, the sender omitted when
/// neither the delivery nor `from` has one, `type` from `contentType` (`unicode` unless it says `plain`). Overrides
/// (`overrides.isend-sms`) are merged into the body. A `status: "success"` answer carries the id in `data.uid`; any
/// other status is a failure with its `message`. No read-only call is documented to check with.
public struct ISendSMSAdapter: StatelessProviderAdapter {
    public let providerIds = ["isend-sms"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiToken", "from", "contentType", "baseUrl"] }
    static let api = JSONPostAPI(
        Endpoint("https://send.com.ly"), path: "/api/v3/sms/send", auth: { .bearer(try $0.required("apiToken")) },
        messageId: "data.uid", errorCode: "status")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let sms = try SMSFields.sms(message, "isend-sms")
        let credentials = CredentialReader(integration.credentials)
        var body: [String: JSONValue] = [
            "recipient": .string(Self.international(sms.to)), "message": .string(sms.content),
            "type": .string(credentials.optional("contentType")?.lowercased() == "plain" ? "plain" : "unicode"),
        ]
        if let sender = sms.from ?? credentials.optional("from") { body["sender_id"] = .string(sender) }
        let response = try await Self.api.post(.object(body), integration: integration, context: context, http: http)
        let json = response.json
        guard json?.value(atPath: "status")?.stringValue == "success" else {
            let detail = (json?.value(atPath: "message")?.stringValue).map { String($0.prefix(200)) } ?? "no status"
            throw ProviderFailure(.rejected, "HTTP \(response.status), iSend: \(detail)",
                                  providerCode: SMSFields.text(json?.value(atPath: "status")), httpStatus: response.status)
        }
        return ProviderReceipt(messageId: SMSFields.text(json?.value(atDottedPath: "data.uid")))
    }

    /// The number without a leading `+` or `00`.
    static func international(_ number: String) -> String {
        number.hasPrefix("+") ? String(number.dropFirst()) : number.hasPrefix("00") ? String(number.dropFirst(2)) : number
    }
}
