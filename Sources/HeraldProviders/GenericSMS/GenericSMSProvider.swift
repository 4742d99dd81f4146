import Foundation
import HeraldCore

/// Novu's "SMS Webhook" (`generic-sms`): POST `{to, from, content, id, customData, sender}` to `baseUrl` with the
/// key in `apiKeyRequestHeader` (and the secret in `secretKeyRequestHeader`), the body signed in `X-Novu-Signature`;
/// with `authenticateByToken`, a token is first fetched from `domain` and sent in `authenticationTokenKey`.
/// The message id is read at `idPath` (default `id`).
public struct GenericSMSProvider: StatelessProviderAdapter {
    public let providerIds = ["generic-sms"]
    public func credentialKeys(for providerId: String) -> Set<String> { Self.keys }
    static let keys: Set<String> = [
        "baseUrl", "apiKey", "apiKeyRequestHeader", "secretKey", "secretKeyRequestHeader", "from", "idPath",
        "authenticateByToken", "domain", "authenticationTokenKey",
    ]
    private let sender: HTTPSender

    /// Creates the adapter.
    public init(sender: HTTPSender) { self.sender = sender }

    /// The base URL must be allowed; with `authenticateByToken`, a token must really be obtained from `domain`.
    public func check(_ integration: Integration) async throws -> CheckResult {
        let credentials = integration.credentials
        guard let baseUrl = credentials[string: "baseUrl"] else { throw ProviderFailure.misconfigured("baseUrl is missing") }
        try await sender.check(baseUrl)
        if credentials[bool: "authenticateByToken"] == true {
            _ = try await token(credentials, headers: authHeaders(credentials))
        }
        return .passed
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

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let credentials = integration.credentials
        guard case .sms(let sms) = message else {
            throw ProviderFailure.misconfigured("generic-sms sends text messages only")
        }
        guard let baseUrl = credentials[string: "baseUrl"], credentials[string: "apiKeyRequestHeader"] != nil,
            credentials[string: "apiKey"] != nil
        else { throw ProviderFailure.misconfigured("baseUrl, apiKeyRequestHeader and apiKey are required") }
        var headers = authHeaders(credentials) + [("Idempotency-Key", context.deliveryId)]
        // A fetched token is a secret too: whatever the provider echoes of it is redacted.
        var redactor = Redactor()
        if credentials[bool: "authenticateByToken"] == true {
            let token = try await token(credentials, headers: authHeaders(credentials))
            headers = [(token.key, token.value), ("Idempotency-Key", context.deliveryId)]
            redactor = redactor.adding(token.value)
        }
        var body: [String: JSONValue] = [
            "to": .string(sms.to), "content": .string(sms.content), "id": .string(context.deliveryId),
        ]
        if let from = sms.from ?? credentials[string: "from"] {
            body["from"] = .string(from)
            body["sender"] = .string(from)
        }
        if let data = sms.data { body["customData"] = data }
        body.merge(context.overrides) { _, override in override }
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
