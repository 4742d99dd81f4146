import Foundation
import HeraldCore

/// Novu's "SMS Webhook" (`generic-sms`): POST `{to, from, content, id, customData, sender}` to `baseUrl` with the
/// key in `apiKeyRequestHeader` (and the secret in `secretKeyRequestHeader`), the body signed in `X-Novu-Signature`;
/// with `authenticateByToken`, a token is first fetched from `domain` and sent in `authenticationTokenKey`.
/// The message id is read at `idPath` (default `id`).
public struct GenericSMSProvider: NotificationProvider {
    public let providerIds = ["generic-sms"]
    private let sender: HTTPSender

    /// Creates the adapter.
    public init(sender: HTTPSender) { self.sender = sender }

    /// The base URL must be allowed; with `authenticateByToken`, a token must really be obtained from `domain`.
    public func check(_ integration: Integration) async throws {
        let credentials = integration.credentials
        guard let baseUrl = credentials[string: "baseUrl"] else { throw ProviderFailure.misconfigured("baseUrl is missing") }
        try await sender.check(baseUrl)
        if credentials[bool: "authenticateByToken"] == true {
            _ = try await token(credentials, headers: authHeaders(credentials))
        }
    }

    private func authHeaders(_ credentials: Credentials) -> [(String, String)] {
        var headers: [(String, String)] = []
        if let keyHeader = credentials[string: "apiKeyRequestHeader"], let apiKey = credentials[string: "apiKey"] {
            headers.append((keyHeader, apiKey))
        }
        if let secretHeader = credentials[string: "secretKeyRequestHeader"], let secret = credentials[string: "secretKey"] {
            headers.append((secretHeader, secret))
        }
        return headers
    }

    private func token(_ credentials: Credentials, headers: [(String, String)]) async throws -> (key: String, value: String) {
        guard let domain = credentials[string: "domain"], let tokenKey = credentials[string: "authenticationTokenKey"]
        else { throw ProviderFailure.misconfigured("authenticateByToken needs domain and authenticationTokenKey") }
        let answer = try await sender.post(domain, headers: headers, body: [])
        guard let token = answer.json?.value(atPath: "data.\(tokenKey)")?.stringValue else {
            throw ProviderFailure.permanent("the token response has no data.\(tokenKey)")
        }
        return (tokenKey, token)
    }

    public func send(_ message: OutboundMessage) async throws -> ProviderReceipt {
        let credentials = message.integration.credentials
        let request = message.request
        guard let baseUrl = credentials[string: "baseUrl"], credentials[string: "apiKeyRequestHeader"] != nil,
            credentials[string: "apiKey"] != nil
        else { throw ProviderFailure.misconfigured("baseUrl, apiKeyRequestHeader and apiKey are required") }
        var headers = authHeaders(credentials) + [("Idempotency-Key", message.deliveryId)]
        // A fetched token is a secret too: whatever the provider echoes of it is redacted.
        var redactor = Redactor()
        if credentials[bool: "authenticateByToken"] == true {
            let token = try await token(credentials, headers: authHeaders(credentials))
            headers = [(token.key, token.value), ("Idempotency-Key", message.deliveryId)]
            redactor = redactor.adding(token.value)
        }
        var body: [String: JSONValue] = [
            "to": .string(request.to.phone ?? ""), "content": .string(request.content.content ?? request.content.text ?? ""),
            "id": .string(message.deliveryId),
        ]
        if let from = credentials[string: "from"] {
            body["from"] = .string(from)
            body["sender"] = .string(from)
        }
        if let data = request.content.data { body["customData"] = data }
        body.merge(message.providerOverrides) { _, override in override }
        var bytes: [UInt8] = []
        JSONValue.object(body).write(into: &bytes)
        if let secret = credentials[string: "secretKey"], !secret.isEmpty {
            headers.append(("X-Novu-Signature", HTTPSender.signature(bytes, secret: secret)))
        }
        let answer: HTTPSender.Answer
        do {
            answer = try await sender.post(baseUrl, headers: headers, body: bytes)
        } catch let failure as ProviderFailure {
            throw failure.redacting(redactor)
        }
        let idPath = credentials[string: "idPath"].flatMap { $0.isEmpty ? nil : $0 } ?? "id"
        let id = answer.json?.value(atPath: idPath)
        return ProviderReceipt(messageId: id?.stringValue ?? id.map { String(decoding: $0.encoded(), as: UTF8.self) })
    }
}
