import HeraldCore
import NIOCore

/// The shape most provider APIs share: one JSON POST to a documented path, the key in a header, the message id at a
/// path of the answer, the provider's error code at another. An adapter describes it once as a value and keeps its
/// body a compiler-checked Swift function of the typed message:
///
/// ```swift
/// static let api = JSONPostAPI(
///     Endpoint("https://api.postmarkapp.com"), path: "/email",
///     auth: { .header("X-Postmark-Server-Token", try $0.required("apiKey")) },
///     messageId: "MessageID", errorCode: "ErrorCode")
/// ...
/// return try await Self.api.send(body, integration: integration, context: context, http: http)
/// ```
public struct JSONPostAPI: Sendable {
    /// The documented root (and regions; `credentials.baseUrl` overrides it).
    public let endpoint: Endpoint
    /// The documented path, e.g. `/email`.
    public let path: String
    /// The authentication, from the integration's credentials (throws a misconfiguration naming a missing key).
    public let auth: @Sendable (CredentialReader) throws -> ProviderRequest.Auth
    /// Dotted path of the message id in a 2xx answer (`data.id`, `messages.0.id`); nil when there is none.
    public let messageId: String?
    /// Dotted path of the provider's error code (or name) in an error answer.
    public let errorCode: String?
    /// Credential key that picks a regional root (e.g. `region`), if the provider has regions.
    public let regionKey: String?

    /// Describes an API.
    public init(
        _ endpoint: Endpoint, path: String, regionKey: String? = nil,
        auth: @escaping @Sendable (CredentialReader) throws -> ProviderRequest.Auth,
        messageId: String?, errorCode: String? = nil
    ) {
        self.endpoint = endpoint
        self.path = path
        self.regionKey = regionKey
        self.auth = auth
        self.messageId = messageId
        self.errorCode = errorCode
    }

    /// The URL for an integration (its region and `baseUrl`), with `path` in place of the documented one if given.
    public func url(_ integration: Integration, path: String? = nil) throws -> String {
        let region = regionKey.flatMap { CredentialReader(integration.credentials).optional($0) }
        return try endpoint.url(path ?? self.path, credentials: integration.credentials, region: region)
    }

    /// Posts `body` (merged with the delivery's overrides when it is an object) and returns the receipt with the
    /// message id at ``messageId``; an error status throws a classified ``ProviderFailure`` carrying the code at
    /// ``errorCode``.
    public func send(
        _ body: JSONValue, integration: Integration, context: SendContext, http: ProviderHTTPClient,
        headers: [(String, String)] = [], path: String? = nil
    ) async throws -> ProviderReceipt {
        let response = try await post(body, integration: integration, context: context, http: http, headers: headers, path: path)
        return ProviderReceipt(messageId: messageId.flatMap { Self.string(response.json?.value(atDottedPath: $0)) })
    }

    /// Posts `body` as ``send(_:integration:context:http:headers:path:)`` does and returns the whole answer.
    public func post(
        _ body: JSONValue, integration: Integration, context: SendContext, http: ProviderHTTPClient,
        headers: [(String, String)] = [], path: String? = nil
    ) async throws -> ProviderResponse {
        var body = body
        if case .object(var object) = body {
            object.merge(context.overrides) { _, override in override }
            body = .object(object)
        }
        let request = ProviderRequest(
            "POST", try url(integration, path: path), headers: [("Accept", "application/json")] + headers, body: .json(body),
            auth: try auth(CredentialReader(integration.credentials)))
        return try await http.send(request, timeout: .init(context.remaining), code: code)
    }

    /// GET `path` with the API's authentication (a check's cheap authenticated read); an error status throws a
    /// classified ``ProviderFailure`` carrying the code at ``errorCode``.
    public func get(_ path: String, integration: Integration, http: ProviderHTTPClient) async throws -> ProviderResponse {
        let request = ProviderRequest(
            "GET", try url(integration, path: path), headers: [("Accept", "application/json")],
            auth: try auth(CredentialReader(integration.credentials)))
        return try await http.send(request, code: code)
    }

    /// The provider's error code in an answer, as text.
    public func code(_ response: ProviderResponse) -> String? {
        errorCode.flatMap { Self.string(response.json?.value(atDottedPath: $0)) }
    }

    /// A JSON string or number as text.
    static func string(_ value: JSONValue?) -> String? {
        guard let value, value != .null else { return nil }
        return value.stringValue ?? String(decoding: value.encoded(), as: UTF8.self)
    }
}

extension JSONValue {
    /// The value at a dotted path where numeric components index arrays (`messages.0.id`).
    public func value(atDottedPath path: String) -> JSONValue? {
        var current: JSONValue? = self
        for component in path.split(separator: ".") {
            guard let here = current else { return nil }
            if let index = Int(component), let array = here.arrayValue {
                current = array.indices.contains(index) ? array[index] : nil
            } else {
                current = here.value(atPath: String(component))
            }
        }
        return current
    }
}
