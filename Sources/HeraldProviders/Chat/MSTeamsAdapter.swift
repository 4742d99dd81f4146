import Foundation
import HeraldCore

/// Microsoft Teams incoming webhooks (Workflows webhooks and the older Office 365 connector URLs): `POST` to the
/// delivery's `to.webhookUrl`. Text goes out as the message-with-Adaptive-Card body Microsoft documents for both
/// (`{type: "message", attachments: [{contentType: "application/vnd.microsoft.card.adaptive", content: {…}}]}`, one
/// wrapping `TextBlock`); content that is itself a JSON card is sent as the body (an `AdaptiveCard` is wrapped the
/// same way, a `MessageCard` or a full message goes as it is). Connectors report throttling as `200` with
/// "Microsoft Teams endpoint returned HTTP error 429" in the body, which is treated as that status. Neither kind of
/// webhook returns a message id: the Workflows run id (`x-ms-workflow-run-id`) or the connector's `request-id`
/// header is kept. The catalogue's `clientId`/`secretKey`/`tenantId` serve the Bot Framework path, which this adapter
/// does not send through, so it reads none and has no check.
public struct MSTeamsAdapter: StatelessProviderAdapter {
    public let providerIds = ["msteams"]
    public func credentialKeys(for providerId: String) -> Set<String> { [] }
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        guard case .chat(let chat) = message else { throw ProviderFailure.misconfigured("msteams sends chat messages only") }
        let url = try ChatWebhook.url(chat, provider: "msteams")
        let response = try await ChatWebhook.post(
            Self.body(chat.content), to: url, http: http, context: context, code: Self.errorCode)
        if let status = Self.embeddedStatus(response.text) {
            let failure = ProviderFailure.http(status: status, retryAfter: nil, detail: response.text, providerCode: String(status))
            throw ProviderFailure(status == 404 || status == 410 ? .invalidRecipient : failure.reason, failure.message,
                                  providerCode: failure.providerCode, httpStatus: status)
        }
        return ProviderReceipt(messageId: response.header("x-ms-workflow-run-id") ?? response.header("request-id"))
    }

    /// The message body: a JSON card in the content as the body, else the text in an Adaptive Card.
    static func body(_ content: String) -> [String: JSONValue] {
        if let card = (try? JSONValue.parse(Data(content.utf8)))?.objectValue {
            return card["type"]?.stringValue == "AdaptiveCard" ? message(card: .object(card)) : card
        }
        return message(card: .object([
            "$schema": .string("http://adaptivecards.io/schemas/adaptive-card.json"), "type": .string("AdaptiveCard"),
            "version": .string("1.2"),
            "body": .array([.object(["type": .string("TextBlock"), "text": .string(content), "wrap": .bool(true)])]),
        ]))
    }

    /// A message carrying one Adaptive Card.
    static func message(card: JSONValue) -> [String: JSONValue] {
        [
            "type": .string("message"),
            "attachments": .array([.object([
                "contentType": .string("application/vnd.microsoft.card.adaptive"), "contentUrl": .null, "content": card,
            ])]),
        ]
    }

    /// The status a connector reports inside a `200` ("Microsoft Teams endpoint returned HTTP error 429 …").
    static func embeddedStatus(_ text: String) -> Int? {
        guard let range = text.range(of: "returned HTTP error ") else { return nil }
        let digits = text[range.upperBound...].prefix { $0.isNumber }
        return Int(digits).flatMap { (400..<600).contains($0) ? $0 : nil }
    }

    /// A Workflows error answer's `error.code`, as the provider code.
    static func errorCode(_ response: ProviderResponse) -> String? {
        ChatWebhook.string(response.json?.value(atPath: "error")?.value(atPath: "code"))
    }
}
