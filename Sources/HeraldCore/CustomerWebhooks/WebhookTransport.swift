/// Posts one signed webhook message (implemented over the providers' HTTP client: outbound guard, no redirects).
public protocol WebhookTransport: Sendable {
    /// Posts `body` with `headers` to `url` and returns the status and the start of the answer (at most
    /// `maxBodyBytes`); throws a ``ProviderFailure`` when no answer came (refused address, connection, timeout).
    func post(url: String, headers: [(String, String)], body: [UInt8], timeout: Duration) async throws -> WebhookResponse
}

/// An endpoint's answer.
public struct WebhookResponse: Sendable, Hashable {
    /// The HTTP status.
    public var status: Int
    /// The start of the body (never stored beyond a short redacted snippet).
    public var body: [UInt8]

    /// The longest body kept from an answer.
    public static let maxBodyBytes = 1024

    /// Creates a response value.
    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = Array(body.prefix(Self.maxBodyBytes))
    }
}
