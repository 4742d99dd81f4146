import AsyncHTTPClient
import Crypto
import Foundation
import HeraldCore
import NIOCore

/// Posts JSON to provider endpoints through ``ProviderHTTPClient`` (outbound guard, no redirects, classified
/// failures); the shape the webhook and generic-SMS adapters use.
public struct HTTPSender: Sendable {
    /// A provider's answer.
    public struct Answer: Sendable {
        public let status: Int
        public let json: JSONValue?
    }

    /// The underlying provider client.
    public let http: ProviderHTTPClient

    /// Creates a sender over a shared client (which must be configured not to follow redirects).
    public init(client: HTTPClient, outbound: any OutboundGuard, timeout: TimeAmount = .seconds(10)) {
        self.http = ProviderHTTPClient(client: client, outbound: outbound, timeout: timeout)
    }

    /// Creates a sender over an existing provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    /// A client that never follows redirects, for providers.
    public static func makeClient() -> HTTPClient { ProviderHTTPClient.makeClient() }

    /// Checks a URL against the outbound policy without sending anything.
    public func check(_ url: String) async throws { try await http.check(url) }

    /// Sends `body` to `url`; 2xx answers are returned, everything else throws a classified ``ProviderFailure``.
    public func post(_ url: String, headers: [(String, String)], body: [UInt8]) async throws -> Answer {
        let response = try await http.send(ProviderRequest("POST", url, headers: headers, body: .jsonBytes(body)))
        return Answer(status: response.status, json: response.json)
    }

    /// Lowercase hex HMAC-SHA256 of `body` keyed with `secret` (Novu's `X-Novu-Signature`).
    public static func signature(_ body: [UInt8], secret: String) -> String {
        Hex.encode(HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8))))
    }
}
