import HeraldCore

/// Mobishastra (mshastra.com) JSON API: `POST {baseUrl}` (the whole endpoint URL, e.g.
/// `https://mshastra.com/sendsms_api_json.aspx`), a JSON array with one message
/// `[{Sender, number, msg, user, pwd}]`; overrides (`overrides.mobishastra`) are merged into that message. The answer
/// `[{msg_id, str_response}]` carries the id in `msg_id`; an answer without one failed, and its `str_response` (the
/// provider code) is classified by its wording. Mobishastra documents no read-only call to check with.
public struct MobishastraAdapter: StatelessProviderAdapter {
    public let providerIds = ["mobishastra"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["baseUrl", "user", "password", "from"] }
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let sms = try SMSFields.sms(message, "mobishastra")
        let credentials = CredentialReader(integration.credentials)
        let item: [String: JSONValue] = [
            "Sender": .string(try sms.from ?? credentials.required("from")), "number": .string(sms.to), "msg": .string(sms.content),
            "user": .string(try credentials.required("user")), "pwd": .string(try credentials.required("password")),
        ]
        let url = try Self.url(credentials.required("baseUrl"))
        let response = try await http.send(
            ProviderRequest("POST", url, headers: [("Accept", "application/json")],
                            body: .json(.array([SMSFields.merged(item, context.overrides)]))),
            timeout: .init(context.remaining))
        let first = response.json?.arrayValue?.first ?? response.json
        let id = SMSFields.text(first?.value(atPath: "msg_id"))?.trimmingCharacters(in: .whitespaces)
        guard let id, !id.isEmpty else {
            let text = first?.value(atPath: "str_response")?.stringValue?.trimmingCharacters(in: .whitespaces)
            throw ProviderFailure(Self.reason(text), "HTTP \(response.status), Mobishastra: \(text.map { String($0.prefix(200)) } ?? "no msg_id")",
                                  providerCode: text.map { String($0.prefix(64)) }, httpStatus: response.status)
        }
        return ProviderReceipt(messageId: id)
    }

    /// The configured endpoint: an http(s) URL.
    static func url(_ base: String) throws -> String {
        let lower = base.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else {
            throw ProviderFailure.misconfigured("credentials.baseUrl must be an http(s) URL")
        }
        return base
    }

    /// What a `str_response` without a message id means (Mobishastra's replies are wording, not codes).
    static func reason(_ text: String?) -> ProviderFailure.Reason {
        let lower = text?.lowercased() ?? ""
        if lower.contains("password") || lower.contains("profile") { return .badCredentials }   // Invalid Password / Profile Id
        if lower.contains("credit") { return .quotaExceeded }                                    // No More Credits
        if lower.contains("mobile") || lower.contains("number") { return .invalidRecipient }    // Invalid Mobile No
        if lower.contains("sender") { return .misconfigured }                                    // Invalid Sender ID
        return .rejected
    }
}
