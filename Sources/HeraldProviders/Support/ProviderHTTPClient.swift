import AsyncHTTPClient
import HeraldCore
import NIOCore
import NIOHTTP1
import NIOSSL

/// A provider's answer: status, headers and body (bounded in size).
public struct ProviderResponse: Sendable {
    public let status: Int
    public let headers: [(String, String)]
    public let body: [UInt8]
    /// Whether the body was longer than the client keeps (the rest was dropped).
    public let truncated: Bool

    /// The first header of that name (case-insensitive).
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.0.lowercased() == lower }?.1
    }

    /// The body parsed as JSON, or nil.
    public var json: JSONValue? {
        body.isEmpty ? nil : body.withUnsafeBytes { try? JSONValue.parse(bytes: $0) }
    }

    /// The body as text.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }
}

/// The HTTP client every adapter uses: each URL passes the outbound guard first, redirects are never followed,
/// headers are validated, bodies are encoded, responses are bounded, and transport errors are classified (a
/// timeout or broken connection is retryable; an invalid URL, a malformed request or a TLS/certificate failure is
/// misconfiguration, never retried).
public struct ProviderHTTPClient: Sendable {
    let client: HTTPClient
    let outbound: any OutboundGuard
    /// The default time limit of one request.
    public let timeout: TimeAmount
    /// Response bytes kept at most.
    public let maxResponseBytes: Int
    /// The extra CA certificates `client` trusts (`--ca-file`), for adapters that open their own TLS (SMTP).
    public let trustRoots: TrustRoots

    /// Creates a client over a shared `HTTPClient` (configured not to follow redirects: ``makeClient(trustRoots:)``,
    /// with the same `trustRoots`).
    public init(
        client: HTTPClient, outbound: any OutboundGuard, timeout: TimeAmount = .seconds(10), maxResponseBytes: Int = 1 << 20,
        trustRoots: TrustRoots = .system
    ) {
        self.client = client
        self.outbound = outbound
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
        self.trustRoots = trustRoots
    }

    /// A client that never follows redirects, for providers; `trustRoots` are trusted on top of the system's CAs.
    public static func makeClient(trustRoots: TrustRoots = .system) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        if !trustRoots.isEmpty {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.additionalTrustRoots = [.certificates(trustRoots.certificates)]
            configuration.tlsConfiguration = tls
        }
        configuration.redirectConfiguration = .disallow
        // Each request has a deadline; a separate read timeout would only arm one more timer per request.
        configuration.timeout = .init(connect: .seconds(5))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Checks a URL against the outbound policy without sending anything.
    public func check(_ url: String) async throws { try await outbound.check(url) }

    /// Sends the request and returns the answer whatever its status; throws only for transport failures.
    /// `timeout` overrides the client's default for this request.
    public func execute(_ request: ProviderRequest, timeout: TimeAmount? = nil) async throws -> ProviderResponse {
        try await outbound.check(request.url)
        var headers = request.headers
        if let auth = request.authHeader() { headers.append(auth) }
        for (name, value) in headers where !HeaderCredentials.isToken(name) || !HeaderCredentials.isFieldValue(value)
            || HeaderCredentials.framingNames.contains(name.lowercased())
        {
            throw ProviderFailure.misconfigured("the request is malformed (an invalid or reserved header)")
        }
        let (bytes, contentType) = request.encodedBody()
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method.uppercased())
        if let contentType { outgoing.headers.add(name: "Content-Type", value: contentType) }
        outgoing.headers.add(name: "User-Agent", value: "Herald")
        for (name, value) in headers { outgoing.headers.add(name: name, value: value) }
        if !bytes.isEmpty || request.method.uppercased() == "POST" || request.method.uppercased() == "PUT" {
            outgoing.body = .bytes(ByteBuffer(bytes: bytes))
        }
        do {
            let response = try await client.execute(outgoing, timeout: timeout ?? self.timeout)
            var body: [UInt8] = []
            var truncated = false
            for try await chunk in response.body {
                let room = maxResponseBytes - body.count
                if chunk.readableBytes > room {
                    body += chunk.readableBytesView.prefix(room)
                    truncated = true
                    break
                }
                body += chunk.readableBytesView
            }
            return ProviderResponse(
                status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, body: body,
                truncated: truncated)
        } catch {
            throw Self.classify(error)
        }
    }

    /// Sends the request; a 2xx answer is returned, a redirect or error status throws a classified
    /// ``ProviderFailure`` (by status, with `Retry-After` and the provider's code from `code`).
    public func send(
        _ request: ProviderRequest, timeout: TimeAmount? = nil, code: (ProviderResponse) -> String? = { _ in nil }
    ) async throws -> ProviderResponse {
        let response = try await execute(request, timeout: timeout)
        guard response.isSuccess else { throw Self.failure(for: response, code: code(response)) }
        return response
    }

    /// The failure an error status means: 3xx (never followed) is misconfiguration, the rest by status.
    public static func failure(for response: ProviderResponse, code: String? = nil) -> ProviderFailure {
        if (300..<400).contains(response.status) {
            return ProviderFailure(.misconfigured, "HTTP \(response.status): redirects are not followed", httpStatus: response.status)
        }
        // The whole body: it is redacted before it is cut to length for the record (Redactor.record).
        return ProviderFailure.http(
            status: response.status, retryAfter: RetryAfter.seconds(response.header("Retry-After")), detail: response.text,
            providerCode: code)
    }

    /// Transport errors: timeouts and broken connections are retryable; a request that cannot be written, an
    /// invalid URL and TLS or certificate failures are misconfiguration.
    static func classify(_ error: any Error) -> ProviderFailure {
        if let failure = error as? ProviderFailure { return failure }
        if let error = error as? HTTPClientError {
            if error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout || error == .tlsHandshakeTimeout {
                return ProviderFailure(.timeout, "timed out")
            }
            if malformed.contains(error.shortDescription) {
                // The short description names no header value (which could be a secret).
                return .misconfigured("the request is malformed (\(error.shortDescription))")
            }
            return ProviderFailure(.connection, "connection failed (\(error.shortDescription))")
        }
        let type = String(describing: Swift.type(of: error))
        if type.contains("SSL") || type.contains("TLS") || type.contains("Certificate") {
            return .misconfigured("TLS failed (\(type)): check the provider URL and its certificate")
        }
        return ProviderFailure(.connection, "connection failed (\(type))")
    }

    /// Client errors (by their short description) that mean the request could not be written as given.
    static let malformed: Set<String> = [
        "Invalid header field names", "Invalid header field values", "Invalid URL", "Empty host", "Empty scheme",
        "Unsupported scheme", "Incompatible headers",
    ]
}
