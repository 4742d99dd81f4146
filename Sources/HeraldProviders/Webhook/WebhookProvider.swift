import Foundation
import HeraldCore

/// Novu's webhook providers: `email-webhook` and `push-webhook` post to the integration's `webhookUrl`,
/// `chat-webhook` to the recipient's; the JSON body is signed in `X-Novu-Signature` (HMAC-SHA256 of `secretKey`,
/// hex) and the delivery id travels as `Idempotency-Key`.
public struct WebhookProvider: StatelessProviderAdapter {
    public let providerIds = ["email-webhook", "chat-webhook", "push-webhook"]
    public func credentialKeys(for providerId: String) -> Set<String> {
        switch providerId {
        case "email-webhook": ["webhookUrl", "secretKey", "from", "senderName"]
        case "push-webhook": ["webhookUrl", "secretKey"]
        default: ["secretKey"]
        }
    }
    private let sender: HTTPSender

    /// Creates the adapter.
    public init(sender: HTTPSender) { self.sender = sender }

    /// Email and push webhooks: the URL must be http(s) and resolve to an allowed address. Chat webhooks take
    /// their URL from each delivery, so there is nothing to check.
    public func check(_ integration: Integration) async throws -> CheckResult {
        guard integration.providerId != "chat-webhook" else { return .notSupported }
        try await sender.check(try CredentialReader(integration.credentials).required("webhookUrl"))
        return .passed
    }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let credentials = CredentialReader(integration.credentials)
        var body: [String: JSONValue]
        let url: String?
        switch message {
        case .email(let email):
            url = credentials.optional("webhookUrl")
            body = [
                "to": .array(email.to.map(JSONValue.string)), "subject": .string(email.subject),
                "html": .string(email.html ?? email.text ?? ""), "id": .string(context.deliveryId),
            ]
            if let text = email.text { body["text"] = .string(text) }
            if let from = email.from ?? credentials.optional("from") { body["from"] = .string(from) }
            if let name = email.senderName ?? credentials.optional("senderName") { body["senderName"] = .string(name) }
        case .push(let push):
            url = credentials.optional("webhookUrl")
            body = [
                "target": .array(push.deviceTokens.map(JSONValue.string)), "title": .string(push.title),
                "content": .string(push.body), "payload": push.data ?? .object([:]), "overrides": .object([:]),
            ]
        case .chat(let chat):
            url = chat.webhookUrl
            body = ["content": .string(chat.content), "webhookUrl": .string(chat.webhookUrl ?? "")]
        case .sms, .inApp:
            throw ProviderFailure.misconfigured("\(integration.providerId) cannot send this channel")
        }
        if let transactionId = context.transactionId {
            body["notificationDetails"] = .object(["transactionId": .string(transactionId)])
        }
        body.merge(context.overrides) { _, override in override }
        guard let url, !url.isEmpty else {
            throw ProviderFailure(.rejected, message.isChat ? "to.webhookUrl is required for \(integration.providerId)" : "no webhook URL")
        }
        var bytes: [UInt8] = []
        JSONValue.object(body).write(into: &bytes)
        var headers = [("Idempotency-Key", context.deliveryId)]
        if let secret = credentials.optional("secretKey") {
            headers.append(("X-Novu-Signature", HTTPSender.signature(bytes, secret: secret)))
        }
        let answer = try await sender.post(url, headers: headers, body: bytes)
        if case .email = message { return ProviderReceipt(messageId: context.deliveryId) }
        let id = answer.json?.value(atPath: "id")
        return ProviderReceipt(messageId: id?.stringValue ?? id.map { String(decoding: $0.encoded(), as: UTF8.self) })
    }
}
