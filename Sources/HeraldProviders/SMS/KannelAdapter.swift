import HeraldCore

/// Kannel's smsbox sendsms interface: `GET http://{host}:{port}/cgi-bin/sendsms?username&password&from&to&text`
/// (`host` may carry `https://`), as the Kannel user guide documents; text Kannel's GSM alphabet may not carry goes
/// with `coding=2&charset=UTF-8` (UCS-2). Overrides (`overrides.kannel`) are added to the query under their own names
/// (`dlr-mask`, `dlr-url`, `smsc`, …). Kannel answers 202 `0: Accepted for delivery` (or `3: Queued for later
/// delivery`) and gives no message id; failures are plain text (`Authorization failed for sendsms`, …), classified by
/// status and text. sendsms has no read-only call to check with.
public struct KannelAdapter: StatelessProviderAdapter {
    public let providerIds = ["kannel"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["host", "port", "user", "password", "from", "baseUrl"] }
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let sms = try SMSFields.sms(message, "kannel")
        let credentials = CredentialReader(integration.credentials)
        var query: [(String, String)] = []
        if let user = credentials.optional("user") { query.append(("username", user)) }
        if let password = credentials.optional("password") { query.append(("password", password)) }
        query += [("from", try sms.from ?? credentials.required("from")), ("to", sms.to), ("text", sms.content)]
        if !sms.content.unicodeScalars.allSatisfy(\.isASCII) { query += [("coding", "2"), ("charset", "UTF-8")] }
        let url = try Self.endpoint(credentials).url("/cgi-bin/sendsms", credentials: integration.credentials)
            + SMSFields.query(SMSFields.form(query, overrides: context.overrides))
        do {
            _ = try await http.send(ProviderRequest("GET", url), timeout: .init(context.remaining))
        } catch let failure as ProviderFailure {
            throw Self.reclassified(failure)
        }
        return ProviderReceipt(messageId: nil)
    }

    /// `http://{host}:{port}`; `host` may start with `http://` or `https://` and is a host name or bracketed address.
    static func endpoint(_ credentials: CredentialReader) throws -> Endpoint {
        var host = try credentials.required("host")
        var scheme = "http"
        for prefix in ["http://", "https://"] where host.lowercased().hasPrefix(prefix) {
            scheme = String(prefix.dropLast(3))
            host = String(host.dropFirst(prefix.count))
        }
        if host.hasSuffix("/") { host.removeLast() }
        guard !host.isEmpty, host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-[]:".contains($0)) }) else {
            throw ProviderFailure.misconfigured("credentials.host must be a host name or address")
        }
        let port = try credentials.required("port")
        guard let number = Int(port), (1...65_535).contains(number) else {
            throw ProviderFailure.misconfigured("credentials.port must be a port number")
        }
        return Endpoint("\(scheme)://\(host):\(number)")
    }

    /// Kannel's answers that say more than the status (smsbox replies are text without codes).
    static func reclassified(_ failure: ProviderFailure) -> ProviderFailure {
        guard let (_, reason) = replies.first(where: { failure.message.contains($0.0) }) else { return failure }
        return ProviderFailure(reason, failure.message, providerCode: failure.providerCode, httpStatus: failure.httpStatus,
                               retryAfter: failure.retryAfter)
    }

    /// smsbox reply texts and what they mean.
    static let replies: [(String, ProviderFailure.Reason)] = [
        ("Authorization failed", .badCredentials),
        ("denied by white", .rejected),                    // number(s) denied by white- and/or black-lists
        ("Sender missing and no global set", .misconfigured),
        ("Not routable", .rejected),
    ]
}
