import Foundation
import HeraldCore

/// Novu's webhook providers: `email-webhook` and `push-webhook` post to the integration's `webhookUrl`,
/// `chat-webhook` to the recipient's; the JSON body is signed in `X-Novu-Signature` (HMAC-SHA256 of `secretKey`,
/// hex) and the delivery id travels as `Idempotency-Key`.
public struct WebhookProvider: NotificationProvider {
    public let providerIds = ["email-webhook", "chat-webhook", "push-webhook"]
    private let sender: HTTPSender

    /// Creates the adapter.
    public init(sender: HTTPSender) { self.sender = sender }

    /// Email and push webhooks: the URL must be http(s) and resolve to an allowed address.
    /// (Chat webhooks take their URL from each delivery, so there is nothing to check.)
    public func check(_ integration: Integration) async throws {
        guard integration.providerId != "chat-webhook" else { return }
        guard let url = integration.credentials[string: "webhookUrl"], !url.isEmpty else {
            throw ProviderFailure.misconfigured("webhookUrl is missing")
        }
        try await sender.check(url)
    }

    public func send(_ message: OutboundMessage) async throws -> ProviderReceipt {
        let request = message.request
        let credentials = message.integration.credentials
        var body: [String: JSONValue]
        let url: String?
        switch message.integration.providerId {
        case "email-webhook":
            url = credentials[string: "webhookUrl"]
            var email: [String: JSONValue] = [
                "to": .array([.string(request.to.email ?? "")]), "subject": .string(request.content.subject ?? ""),
                "html": .string(request.content.html ?? request.content.text ?? ""), "id": .string(message.deliveryId),
            ]
            if let text = request.content.text { email["text"] = .string(text) }
            if let from = credentials[string: "from"] { email["from"] = .string(from) }
            if let name = credentials[string: "senderName"] { email["senderName"] = .string(name) }
            body = email
        case "push-webhook":
            url = credentials[string: "webhookUrl"]
            body = [
                "target": .array((request.to.deviceTokens ?? []).map(JSONValue.string)),
                "title": .string(request.content.title ?? ""),
                "content": .string(request.content.body ?? request.content.content ?? ""),
                "payload": request.content.data ?? request.payload ?? .object([:]),
                "overrides": .object([:]),
            ]
        default:
            url = request.to.webhookUrl
            body = ["content": .string(request.content.content ?? request.content.text ?? ""), "webhookUrl": .string(url ?? "")]
        }
        if let transactionId = request.transactionId {
            body["notificationDetails"] = .object(["transactionId": .string(transactionId)])
        }
        body.merge(message.providerOverrides) { _, override in override }
        guard let url, !url.isEmpty else { throw ProviderFailure.permanent("no webhook URL") }
        var bytes: [UInt8] = []
        JSONValue.object(body).write(into: &bytes)
        var headers = [("Idempotency-Key", message.deliveryId)]
        if let secret = credentials[string: "secretKey"], !secret.isEmpty {
            headers.append(("X-Novu-Signature", HTTPSender.signature(bytes, secret: secret)))
        }
        let answer = try await sender.post(url, headers: headers, body: bytes)
        if message.integration.providerId == "email-webhook" { return ProviderReceipt(messageId: message.deliveryId) }
        let id = answer.json?.value(atPath: "id")
        return ProviderReceipt(messageId: id?.stringValue ?? id.map { String(decoding: $0.encoded(), as: UTF8.self) })
    }
}
