import Foundation
import HeraldCore

/// FireText: `POST https://www.firetext.co.uk/api/sendsms`, form `apiKey, message, from, to` (the number without
/// `+`). Overrides (`overrides.firetext`) are FireText's form fields (`reference`, `schedule`, `expiry`, …). FireText
/// answers 200 with text `<code>:<count> <description>`: code `0` is success, any other is a failure classified by
/// FireText's codes. The id is the `X-Message` response header. FireText documents no read-only call to check with.
public struct FireTextAdapter: StatelessProviderAdapter {
    public let providerIds = ["firetext"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiKey", "from", "baseUrl"] }
    static let endpoint = Endpoint("https://www.firetext.co.uk")
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let sms = try SMSFields.sms(message, "firetext")
        let credentials = CredentialReader(integration.credentials)
        let form = SMSFields.form([
            ("apiKey", try credentials.required("apiKey")), ("message", sms.content),
            ("from", try sms.from ?? credentials.required("from")), ("to", SMSFields.withoutPlus(sms.to)),
        ], overrides: context.overrides)
        let response = try await http.send(
            ProviderRequest("POST", try Self.endpoint.url("/api/sendsms", credentials: integration.credentials), body: .form(form)),
            timeout: .init(context.remaining))
        let (code, description) = Self.parse(response.text)
        guard code == "0" else { throw Self.codes.failure(code, description, status: response.status) }
        return ProviderReceipt(messageId: response.header("X-Message"))
    }

    /// `0:1 SMS successfully queued` → ("0", "SMS successfully queued"); nil code when the text has no `code:`.
    static func parse(_ text: String) -> (code: String?, description: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let colon = trimmed.firstIndex(of: ":"), trimmed[..<colon].allSatisfy(\.isNumber), colon != trimmed.startIndex else {
            return (nil, trimmed)
        }
        let rest = trimmed[trimmed.index(after: colon)...]
        let description = rest.drop { !$0.isWhitespace }.trimmingCharacters(in: .whitespaces)
        return (String(trimmed[..<colon]), description)
    }

    /// FireText response codes.
    static let codes = ProviderErrorCodes([
        "1": .badCredentials,     // authentication error
        "2": .invalidRecipient,   // destination number(s) error
        "3": .misconfigured,      // from (sender id) error
        "4": .rejected,           // group not recognised
        "5": .rejected,           // message error
        "6": .rejected,           // send time error
        "7": .quotaExceeded,      // insufficient credit
    ])
}
