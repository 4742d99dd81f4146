import Foundation
import HeraldCore

/// Requests to AWS APIs (SES, SNS): the regional endpoint (or `credentials.baseUrl`), the key pair from `apiKey` /
/// `secretKey`, and a Signature V4 over the method, path, query, `Host` and the body.
public struct AWSRequest: Sendable {
    /// The signing name (`ses`, `sns`).
    public let service: String
    /// The host prefix (`email` for SES, `sns` for SNS).
    public let hostPrefix: String

    /// Describes an AWS API.
    public init(service: String, hostPrefix: String) {
        self.service = service
        self.hostPrefix = hostPrefix
    }

    /// The region from the credentials (`us-east-1` style: letters, digits and dashes).
    public func region(_ credentials: CredentialReader) throws -> String {
        let region = try credentials.required("region").lowercased()
        guard region.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw ProviderFailure.misconfigured("credentials.region must be an AWS region such as eu-west-1")
        }
        return region
    }

    /// A signed request for `path` (with `query`) carrying `body`.
    public func request(
        _ method: String, _ path: String, query: [(String, String)] = [], body: ProviderRequest.Body,
        integration: Integration, date: Date = Date()
    ) throws -> ProviderRequest {
        let credentials = CredentialReader(integration.credentials)
        let region = try region(credentials)
        let endpoint = Endpoint("https://\(hostPrefix).\(region).amazonaws.com")
        var url = try endpoint.url(path, credentials: integration.credentials)
        if !query.isEmpty { url += "?" + query.map { "\(SigV4Signer.encode($0.0))=\(SigV4Signer.encode($0.1))" }.joined(separator: "&") }
        guard let components = URLComponents(string: url), let host = components.host else {
            throw ProviderFailure.misconfigured("credentials.baseUrl must be an http(s) URL")
        }
        let signer = SigV4Signer(
            credentials: .init(accessKeyId: try credentials.required("apiKey"), secretAccessKey: try credentials.required("secretKey")),
            region: region, service: service)
        var request = ProviderRequest(method, url, body: body)
        let (bytes, _) = request.encodedBody()
        let hostHeader = components.port.map { "\(host):\($0)" } ?? host
        let signature = signer.sign(
            method: method, path: components.percentEncodedPath, query: query, headers: [("Host", hostHeader)], body: bytes,
            date: date)
        request.headers = signature.headers
        return request
    }

    /// The AWS error code of an answer: the `x-amzn-ErrorType` header (REST-JSON, before any `:`), the JSON
    /// `__type` / `code`, or the XML `<Code>` (Query APIs).
    public static func errorCode(_ response: ProviderResponse) -> String? {
        if let type = response.header("x-amzn-ErrorType"), let code = type.split(separator: ":").first, !code.isEmpty {
            return String(code)
        }
        if let json = response.json {
            for key in ["__type", "code", "Code"] {
                if let text = json.value(atPath: key)?.stringValue { return String(text.split(separator: "#").last ?? "") }
            }
        }
        return xmlValue("Code", in: response.text)
    }

    /// The text of the first `<name>…</name>` element (AWS Query answers are flat enough for this).
    public static func xmlValue(_ name: String, in text: String) -> String? {
        guard let open = text.range(of: "<\(name)>"), let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex)
        else { return nil }
        return String(text[open.upperBound..<close.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Reclassifies a failure by AWS's documented error codes where they say more than the status.
    public static func classified<T>(_ codes: [String: ProviderFailure.Reason], _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let failure as ProviderFailure {
            throw reclassified(failure, codes)
        }
    }

    /// The failure with the reason its AWS error code documents (`codes`, then the shared ones), if any.
    public static func reclassified(_ failure: ProviderFailure, _ codes: [String: ProviderFailure.Reason]) -> ProviderFailure {
        failure.reclassified(by: common.merging(codes) { _, specific in specific })
    }

    /// Errors every AWS API shares.
    static let common: [String: ProviderFailure.Reason] = [
        "SignatureDoesNotMatch": .badCredentials, "InvalidClientTokenId": .badCredentials,
        "UnrecognizedClientException": .badCredentials, "IncompleteSignature": .badCredentials,
        "MissingAuthenticationToken": .badCredentials, "AccessDeniedException": .badCredentials,
        "AccessDenied": .badCredentials, "AuthorizationError": .badCredentials, "ExpiredToken": .badCredentials,
        "Throttling": .rateLimited, "ThrottlingException": .rateLimited, "TooManyRequestsException": .rateLimited,
        "RequestLimitExceeded": .rateLimited, "InternalFailure": .providerUnavailable,
        "ServiceUnavailable": .providerUnavailable, "InternalError": .providerUnavailable,
    ]
}
