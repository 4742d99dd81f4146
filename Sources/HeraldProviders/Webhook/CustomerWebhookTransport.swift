import HeraldCore
import NIOCore

/// Posts customers' webhook messages through the providers' HTTP client: the outbound guard checks every URL,
/// redirects are not followed, `--ca-file` applies, and only the start of an answer is kept.
public struct CustomerWebhookTransport: WebhookTransport {
    private let http: ProviderHTTPClient

    /// Creates the transport over the client the adapters share (its guard and trust roots).
    public init(http: ProviderHTTPClient) {
        self.http = ProviderHTTPClient(
            client: http.client, outbound: http.outbound, maxResponseBytes: WebhookResponse.maxBodyBytes,
            trustRoots: http.trustRoots)
    }

    public func post(url: String, headers: [(String, String)], body: [UInt8], timeout: Duration) async throws -> WebhookResponse {
        let contentType = headers.first { $0.0.lowercased() == "content-type" }?.1 ?? "application/json"
        let request = ProviderRequest(
            "POST", url, headers: headers.filter { $0.0.lowercased() != "content-type" },
            body: .raw(body, contentType: contentType))
        let milliseconds = timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
        let response = try await http.execute(request, timeout: .milliseconds(max(1, milliseconds)))
        return WebhookResponse(status: response.status, body: response.body)
    }
}
