import Crypto
import Foundation
import HeraldCore

/// AWS Signature Version 4 (`AWS4-HMAC-SHA256`) for SES and SNS requests, as AWS documents it: a canonical request
/// (method, URI-encoded path, sorted query, lowercased sorted headers with trimmed values, signed header list,
/// payload hash), a string to sign over its hash and the credential scope, and a key derived from the secret by
/// HMAC over date, region, service and `aws4_request`. Checked against AWS's published test-suite vectors.
public struct SigV4Signer: Sendable {
    /// An access key pair, with a session token for temporary credentials.
    public struct Credentials: Sendable {
        public let accessKeyId: String
        public let secretAccessKey: String
        public let sessionToken: String?

        /// Creates credentials.
        public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil) {
            self.accessKeyId = accessKeyId
            self.secretAccessKey = secretAccessKey
            self.sessionToken = sessionToken
        }
    }

    /// What signing produced: the headers to add, and the intermediate strings (for tests and debugging).
    public struct Signature: Sendable {
        /// `X-Amz-Date`, `X-Amz-Security-Token` (temporary credentials) and `Authorization`.
        public let headers: [(String, String)]
        public let canonicalRequest: String
        public let stringToSign: String
        public let signature: String
    }

    public let credentials: Credentials
    public let region: String
    public let service: String

    /// Creates a signer for a region and service (`ses` for SES, though its host is `email.…`; `sns` for SNS).
    public init(credentials: Credentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// Signs a request. `headers` must include `Host`; every header given is signed. `path` and `query` are as they
    /// will be sent (the query decoded into pairs).
    public func sign(
        method: String, path: String, query: [(String, String)] = [], headers: [(String, String)], body: [UInt8],
        date: Date
    ) -> Signature {
        let (amzDate, day) = Self.timestamps(date)
        var all = headers.filter { $0.0.lowercased() != "x-amz-date" && $0.0.lowercased() != "authorization" }
        all.append(("X-Amz-Date", amzDate))
        if let token = credentials.sessionToken { all.append(("X-Amz-Security-Token", token)) }
        var grouped: [String: [String]] = [:]
        for (name, value) in all { grouped[name.lowercased(), default: []].append(Self.trimmed(value)) }
        let names = grouped.keys.sorted()
        let signedHeaders = names.joined(separator: ";")
        let canonicalHeaders = names.map { "\($0):\(grouped[$0]!.joined(separator: ","))\n" }.joined()
        let encodedPairs: [(String, String)] = query.map { (Self.encode($0.0), Self.encode($0.1)) }
        let sortedPairs = encodedPairs.sorted { (a: (String, String), b: (String, String)) -> Bool in
            a.0 == b.0 ? a.1 < b.1 : a.0 < b.0
        }
        let canonicalQuery = sortedPairs.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
        let segments: [String] = path.split(separator: "/", omittingEmptySubsequences: false).map { Self.encode(String($0)) }
        let canonicalPath = path.isEmpty ? "/" : segments.joined(separator: "/")
        let canonicalRequest = [
            method.uppercased(), canonicalPath, canonicalQuery, canonicalHeaders, signedHeaders,
            Hex.encode(SHA256.hash(data: body)),
        ].joined(separator: "\n")
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = [
            "AWS4-HMAC-SHA256", amzDate, scope, Hex.encode(SHA256.hash(data: Data(canonicalRequest.utf8))),
        ].joined(separator: "\n")
        var key = SymmetricKey(data: Data("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        let signature = Hex.encode(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key))
        var added = [("X-Amz-Date", amzDate)]
        if let token = credentials.sessionToken { added.append(("X-Amz-Security-Token", token)) }
        added.append(("Authorization",
                      "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyId)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"))
        return Signature(headers: added, canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature)
    }

    /// `20150830T123600Z` and `20150830` in UTC.
    static func timestamps(_ date: Date) -> (String, String) {
        var time = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&time, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let day = pad(parts.tm_year + 1900, 4) + pad(parts.tm_mon + 1, 2) + pad(parts.tm_mday, 2)
        return (day + "T" + pad(parts.tm_hour, 2) + pad(parts.tm_min, 2) + pad(parts.tm_sec, 2) + "Z", day)
    }

    /// Leading and trailing spaces removed, runs of spaces inside folded to one.
    static func trimmed(_ value: String) -> String {
        value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    /// RFC 3986 encoding with uppercase hex, as SigV4 requires.
    static func encode(_ text: String) -> String { PercentEncoding.encode(text) }
}
