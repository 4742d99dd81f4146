import Crypto
import Foundation
import HeraldCore

/// Azure Communication Services SMS: `POST {endpoint}/sms?api-version=2021-03-07`, JSON
/// `{from, smsRecipients: [{to, repeatabilityRequestId, repeatabilityFirstSent}], message, smsSendOptions}`, signed
/// with HMAC-SHA256 as Microsoft documents it: `x-ms-date`, `x-ms-content-sha256` (base64 SHA-256 of the body) and
/// `Authorization: HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=…` over
/// `VERB\npath?query\ndate;host;hash`, keyed with the base64-decoded `accesskey` of the connection string
/// (`credentials.accessKey` = `endpoint=https://….communication.azure.com/;accesskey=…`). The repeatability pair is
/// the same on every attempt of a delivery (a UUID derived from the delivery id, and the delivery's creation time),
/// so Azure can drop a duplicate. Overrides (`overrides.azure-sms`) merge into the top-level body (e.g.
/// `smsSendOptions: {enableDeliveryReport: true, tag}`). The id is `value[0].messageId`; a recipient answered with
/// `successful: false` fails by its `httpStatusCode`, and errors `{"error": {code, message}}` record `error.code`.
/// Azure documents no read-only SMS call to check with.
public struct AzureSMSAdapter: StatelessProviderAdapter {
    public let providerIds = ["azure-sms"]
    public func credentialKeys(for providerId: String) -> Set<String> { ["accessKey", "from", "baseUrl"] }
    static let apiVersion = "2021-03-07"
    private let http: ProviderHTTPClient

    /// Creates the adapter over the shared provider client.
    public init(http: ProviderHTTPClient) { self.http = http }

    public func send(_ message: ChannelMessage, integration: Integration, context: SendContext) async throws -> ProviderReceipt {
        let sms = try SMSFields.sms(message, "azure-sms")
        let credentials = CredentialReader(integration.credentials)
        let (endpoint, key) = try Self.connection(try credentials.required("accessKey"))
        let created = Self.creationDate(context.deliveryId) ?? Date()
        var recipient: [String: JSONValue] = ["to": .string(sms.to)]
        // Azure remembers repeatable requests for a few minutes and refuses an older first-sent time, so the pair
        // (which makes a retry of the same delivery a no-op) goes out only while the delivery is fresh.
        if Date().timeIntervalSince(created) < 240 {
            recipient["repeatabilityRequestId"] = .string(EmailAPI.uuid(context.deliveryId))
            recipient["repeatabilityFirstSent"] = .string(Self.httpDate(created))
        }
        let body = SMSFields.merged([
            "from": .string(try sms.from ?? credentials.required("from")), "smsRecipients": .array([.object(recipient)]),
            "message": .string(sms.content), "smsSendOptions": .object(["enableDeliveryReport": .bool(false)]),
        ], context.overrides)
        var bytes: [UInt8] = []
        body.write(into: &bytes)
        let url = try Endpoint(endpoint).url("/sms?api-version=\(Self.apiVersion)", credentials: integration.credentials)
        let headers = try Self.signedHeaders("POST", url: url, body: bytes, key: key, date: Date())
        let response = try await http.send(
            ProviderRequest("POST", url, headers: headers + [("Accept", "application/json")],
                            body: .raw(bytes, contentType: "application/json")),
            timeout: .init(context.remaining), code: Self.errorCode)
        let first = response.json?.value(atDottedPath: "value.0")
        guard first?.value(atPath: "successful")?.boolValue != false else {
            let status = Int(SMSFields.text(first?.value(atPath: "httpStatusCode")) ?? "") ?? response.status
            let failure = ProviderFailure.http(
                status: status, retryAfter: nil, detail: first?.value(atPath: "errorMessage")?.stringValue ?? "not sent",
                providerCode: String(status))
            throw ProviderFailure(failure.reason, failure.message, providerCode: failure.providerCode, httpStatus: response.status)
        }
        return ProviderReceipt(messageId: first?.value(atPath: "messageId")?.stringValue)
    }

    /// The endpoint and decoded key of a connection string `endpoint=…;accesskey=…` (names case-insensitive).
    static func connection(_ text: String) throws -> (endpoint: String, key: [UInt8]) {
        var values: [String: String] = [:]
        for part in text.split(separator: ";") {
            guard let equals = part.firstIndex(of: "=") else { continue }
            values[part[..<equals].trimmingCharacters(in: .whitespaces).lowercased()] =
                String(part[part.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
        }
        guard var endpoint = values["endpoint"], endpoint.lowercased().hasPrefix("https://") || endpoint.lowercased().hasPrefix("http://"),
            let encoded = values["accesskey"], let key = Data(base64Encoded: encoded), !key.isEmpty
        else {
            throw ProviderFailure.misconfigured(
                "credentials.accessKey must be the Azure connection string endpoint=https://…;accesskey=<base64 key>")
        }
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        return (endpoint, Array(key))
    }

    /// The `x-ms-date`, `x-ms-content-sha256` and `Authorization` headers of a request.
    static func signedHeaders(_ method: String, url: String, body: [UInt8], key: [UInt8], date: Date) throws -> [(String, String)] {
        guard let components = URLComponents(string: url), let host = components.percentEncodedHost else {
            throw ProviderFailure.misconfigured("the Azure endpoint is not a valid URL")
        }
        let authority = components.port.map { "\(host):\($0)" } ?? host
        let pathAndQuery = components.percentEncodedPath + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
        let hash = Data(SHA256.hash(data: body)).base64EncodedString()
        let stamp = httpDate(date)
        let toSign = "\(method.uppercased())\n\(pathAndQuery)\n\(stamp);\(authority);\(hash)"
        let signature = Data(HMAC<SHA256>.authenticationCode(for: Data(toSign.utf8), using: SymmetricKey(data: key)))
            .base64EncodedString()
        return [
            ("x-ms-date", stamp), ("x-ms-content-sha256", hash),
            ("Authorization", "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=\(signature)"),
        ]
    }

    /// An RFC 1123 date in GMT (`Thu, 24 Oct 2024 10:00:00 GMT`).
    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }

    /// When a delivery was created: the seconds in the first 4 bytes of its ObjectId-shaped id.
    static func creationDate(_ deliveryId: String) -> Date? {
        guard Identifiers.isObjectId(deliveryId), let seconds = UInt32(deliveryId.prefix(8), radix: 16) else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// Azure's `error.code`.
    static func errorCode(_ response: ProviderResponse) -> String? {
        response.json?.value(atDottedPath: "error.code")?.stringValue
    }
}
