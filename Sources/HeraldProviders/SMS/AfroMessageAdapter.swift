import HeraldCore

/// AfroMessage: `POST https://api.afromessage.com/api/send`, Bearer token, JSON `{from, sender, to, message}` where
/// `from` is the account's identifier id (`credentials.from`) and `sender` the sender name (the delivery's sender,
/// else `credentials.senderName`). Overrides (`overrides.afro-message`) merge into the body (`callback`,
/// `template`, …). AfroMessage answers 200 with `{"acknowledge": "success", "response": {message_id, …}}`; an
/// `acknowledge` of `error` (`response.errors`) fails the send, as does an error status. The id is
/// `response.message_id`. No read-only call is documented to check with.
public struct AfroMessageAdapter: StatelessProviderAdapter {
    public let providerIds = ["afro-message"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiKey", "senderName", "from", "baseUrl"] }
    static let api = JSONPostAPI(
        Endpoint("https://api.afromessage.com"), path: "/api/send", auth: { .bearer(try $0.required("apiKey")) }, messageId: nil)
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let sms = try SMSFields.sms(message, "afro-message")
        let credentials = CredentialReader(integration.credentials)
        let body: JSONValue = .object([
            "from": .string(try credentials.required("from")), "sender": .string(try sms.from ?? credentials.required("senderName")),
            "to": .string(sms.to), "message": .string(sms.content),
        ])
        let response = try await Self.api.post(body, integration: integration, context: context, http: http)
        let json = response.json
        guard json?.value(atPath: "acknowledge")?.stringValue == "success" else {
            let errors = json?.value(atDottedPath: "response.errors")?.arrayValue?.compactMap(\.stringValue)
            throw ProviderErrorCodes([:]).failure(nil, errors?.joined(separator: "; ") ?? response.text, status: response.status)
        }
        return ProviderReceipt(messageId: SMSFields.text(json?.value(atDottedPath: "response.message_id") ?? json?.value(atDottedPath: "response.id")))
    }
}
