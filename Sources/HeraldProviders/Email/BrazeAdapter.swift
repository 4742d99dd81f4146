import HeraldCore
import NIOCore

/// Braze email through `POST {apiURL}/messages/send` (Bearer REST API key; `apiURL` is the instance's REST endpoint,
/// e.g. `https://rest.iad-01.braze.com`). Braze sends only to its own users, so each `to` address is first looked up
/// with `POST /users/export/ids` (`{"email_address", "fields_to_export": ["external_id"]}`, needs the
/// `users.export.ids` permission); the send targets the `external_user_ids` found, and an address with no Braze user
/// is listed as a failed recipient (all missing → invalid recipient). The `messages.email` object: `app_id`
/// (`appID`), `from` as `"Name <address>"`, `subject`, `body` (HTML), `plaintext_body`, `reply_to`, the first `bcc`
/// (Braze takes one, pre-registered BCC address), `headers`, and the delivery id in `extras`. Braze attaches files
/// by URL only, so an email with attachments is refused (permanently) rather than sent without them; cc and tags have
/// no Braze field. Overrides (`overrides.braze`) merge into the top-level body (`campaign_id`,
/// `recipient_subscription_state`, …). The id is `dispatch_id`; errors `{message, errors}` carry no code and are
/// classified by status. The check runs the lookup for the sender address, which proves the key, instance and
/// export permission without sending.
public struct BrazeAdapter: StatelessProviderAdapter {
    public let providerIds = ["braze"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["apiKey", "apiURL", "appID", "from", "senderName", "baseUrl"] }
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        guard case .email(let email) = message else { throw ProviderFailure.misconfigured("braze sends email only") }
        guard email.attachments.isEmpty else {
            throw ProviderFailure.permanent("Braze attaches files by URL only; this email carries attachment content")
        }
        let credentials = CredentialReader(integration.credentials)
        var externalIds: [String] = []
        var recipients: [ProviderReceipt.Recipient] = []
        for address in email.to {
            let ids = try await userIds(address, integration: integration, timeout: .init(context.remaining))
            externalIds += ids
            recipients.append(ids.isEmpty
                ? .init(address: address, failure: ProviderFailure(.invalidRecipient, "no Braze user with an external id has this email address"))
                : .init(address: address))
        }
        guard !externalIds.isEmpty else {
            throw ProviderFailure(.invalidRecipient, "no Braze user with an external id has the recipient's email address")
        }
        var body: [String: JSONValue] = [
            "external_user_ids": .array(externalIds.map(JSONValue.string)), "broadcast": .bool(false),
            "messages": .object(["email": .object(try Self.email(email, credentials: credentials, context: context))]),
        ]
        body.merge(context.overrides) { _, override in override }
        let response = try await post("/messages/send", .object(body), integration: integration, timeout: .init(context.remaining))
        return ProviderReceipt(messageId: response.json?.value(atPath: "dispatch_id")?.stringValue, recipients: recipients)
    }

    /// The documented email object.
    static func email(_ email: EmailMessage, credentials: CredentialReader, context: SendContext) throws -> [String: JSONValue] {
        var object: [String: JSONValue] = [
            "app_id": .string(try credentials.required("appID")),
            "from": .string(EmailAPI.mailbox(try EmailAPI.from(email, credentials), name: EmailAPI.senderName(email, credentials))),
            "subject": .string(email.subject),
        ]
        if let html = email.html ?? email.text { object["body"] = .string(html) }
        if let text = email.text { object["plaintext_body"] = .string(text) }
        if let replyTo = email.replyTo { object["reply_to"] = .string(replyTo) }
        if let bcc = email.bcc.first { object["bcc"] = .string(bcc) }
        if !email.headers.isEmpty { object["headers"] = .object(email.headers.mapValues(JSONValue.string)) }
        var extras: [String: JSONValue] = ["deliveryId": .string(context.deliveryId)]
        if let transactionId = context.transactionId { extras["transactionId"] = .string(transactionId) }
        object["extras"] = .object(extras)
        return object
    }

    /// The external ids of the Braze users with this email address.
    func userIds(_ address: String, integration: Integration, timeout: TimeAmount?) async throws -> [String] {
        let body: JSONValue = .object(["email_address": .string(address), "fields_to_export": .array([.string("external_id")])])
        let response = try await post("/users/export/ids", body, integration: integration, timeout: timeout)
        return (response.json?.value(atPath: "users")?.arrayValue ?? []).compactMap { $0.value(atPath: "external_id")?.stringValue }
    }

    func post(_ path: String, _ body: JSONValue, integration: Integration, timeout: TimeAmount?) async throws -> ProviderResponse {
        let credentials = CredentialReader(integration.credentials)
        let request = ProviderRequest(
            "POST", try Self.endpoint(credentials).url(path, credentials: integration.credentials),
            headers: [("Accept", "application/json")], body: .json(body), auth: .bearer(try credentials.required("apiKey")))
        return try await http.send(request, timeout: timeout)
    }

    /// The instance's REST endpoint (`credentials.apiURL`), an http(s) URL without a trailing slash.
    static func endpoint(_ credentials: CredentialReader) throws -> Endpoint {
        var root = try credentials.required("apiURL")
        while root.hasSuffix("/") { root.removeLast() }
        let lower = root.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else {
            throw ProviderFailure.misconfigured("credentials.apiURL must be the Braze REST endpoint URL (https://rest.….braze.com)")
        }
        return Endpoint(root)
    }

    /// Looks the sender address up, which needs a working key, instance and the export permission.
    public func check(_ integration: Integration) async throws -> CheckResult {
        let from = try CredentialReader(integration.credentials).required("from")
        _ = try await userIds(from, integration: integration, timeout: nil)
        return .passed
    }
}
