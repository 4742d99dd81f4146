import AsyncHTTPClient
import Crypto
import Foundation
import HeraldCore
import NIOCore
import NIOHTTP1
import NIOFoundationCompat

/// Posts JSON to provider endpoints: checks the URL first, never follows redirects, classifies failures.
public struct HTTPSender: Sendable {
    /// A provider's answer.
    public struct Answer: Sendable {
        public let status: Int
        public let json: JSONValue?
    }

    let client: HTTPClient
    let outbound: any OutboundGuard
    let timeout: TimeAmount

    /// Creates a sender over a shared client (which must be configured not to follow redirects).
    public init(client: HTTPClient, outbound: any OutboundGuard, timeout: TimeAmount = .seconds(10)) {
        self.client = client
        self.outbound = outbound
        self.timeout = timeout
    }

    /// A client that never follows redirects, for providers.
    public static func makeClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        // Each request has a deadline (`timeout`); a separate read timeout would only arm one more timer per request.
        configuration.timeout = .init(connect: .seconds(5))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Checks a URL against the outbound policy without sending anything.
    public func check(_ url: String) async throws { try await outbound.check(url) }

    /// Sends `body` to `url`; 2xx answers are returned, everything else throws a classified ``ProviderFailure``.
    public func post(_ url: String, headers: [(String, String)], body: [UInt8]) async throws -> Answer {
        try await outbound.check(url)
        for (name, value) in headers where !HeaderCredentials.isToken(name) || !HeaderCredentials.isFieldValue(value)
            || HeaderCredentials.framingNames.contains(name.lowercased())
        {
            // Saved integrations are validated; this catches any stored before that check existed.
            throw ProviderFailure.misconfigured("the request is malformed (the integration sets an invalid or reserved header)")
        }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Herald")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            response = try await client.execute(request, timeout: timeout)
            bytes = try await response.body.collect(upTo: 256 * 1024)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw ProviderFailure(.timeout, "timed out")
        } catch let error as HTTPClientError where Self.malformed.contains(error.shortDescription) {
            // The request itself is wrong (a header or URL from the integration): sending again cannot help.
            // The short description names no header value (which could be a secret).
            throw ProviderFailure.misconfigured("the request is malformed (\(error.shortDescription))")
        } catch {
            throw ProviderFailure(.connection, "connection failed (\(type(of: error)))")
        }
        let json = bytes.readableBytes == 0 ? nil : try? bytes.withUnsafeReadableBytes { try JSONValue.parse(bytes: $0) }
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            if (300..<400).contains(status) { throw ProviderFailure.permanent("HTTP \(status): redirects are not followed") }
            let retryAfter = RetryAfter.seconds(response.headers.first(name: "Retry-After"))
            // The whole body: it is redacted before it is cut to length for the record (Redactor.record).
            throw ProviderFailure.http(status: status, retryAfter: retryAfter, detail: String(buffer: bytes))
        }
        return Answer(status: status, json: json)
    }

    /// Client errors (by their short description) that mean the request could not be written as given.
    static let malformed: Set<String> = [
        "Invalid header field names", "Invalid header field values", "Invalid URL", "Empty host", "Empty scheme",
        "Unsupported scheme", "Incompatible headers",
    ]

    /// Lowercase hex HMAC-SHA256 of `body` keyed with `secret` (Novu's `X-Novu-Signature`).
    public static func signature(_ body: [UInt8], secret: String) -> String {
        Hex.encode(HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8))))
    }
}
