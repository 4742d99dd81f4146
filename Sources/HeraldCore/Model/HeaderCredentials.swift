/// Credentials that some providers send as HTTP header names or values (generic-sms: `apiKeyRequestHeader: apiKey`,
/// `secretKeyRequestHeader: secretKey`, `authenticationTokenKey: <token>`). They are checked when an integration is
/// saved: a name must be an HTTP token and not one Herald sets itself; a value must not break the header block.
public enum HeaderCredentials {
    /// Header names no request of Herald's carries from configuration: the request's framing and routing.
    public static let framingNames: Set<String> = [
        "host", "content-length", "transfer-encoding", "connection", "upgrade", "te", "trailer", "keep-alive",
        "proxy-connection", "expect",
    ]

    /// Header names an integration may not set: the framing ones and those Herald sets itself.
    public static let reservedNames: Set<String> = framingNames.union([
        "content-type", "user-agent", "idempotency-key", "x-novu-signature",
    ])

    /// The credential keys used as header names, and those used as header values, per provider.
    static func keys(for providerId: String) -> (names: [String], values: [String]) {
        switch providerId {
        case "generic-sms": (["apiKeyRequestHeader", "secretKeyRequestHeader", "authenticationTokenKey"], ["apiKey", "secretKey"])
        default: ([], [])
        }
    }

    /// Problems with the header credentials of a provider's integration (empty when fine); each names its field.
    public static func problems(in credentials: Credentials, providerId: String) -> [String] {
        let keys = keys(for: providerId)
        var problems: [String] = []
        for key in keys.names {
            guard let name = credentials[string: key], !name.isEmpty else { continue }
            if !isToken(name) {
                problems.append("credentials.\(key) must be an HTTP header name (letters, digits and !#$%&'*+-.^_`|~)")
            } else if reservedNames.contains(name.lowercased()) {
                problems.append("credentials.\(key) may not name the \(name) header, which Herald sets itself")
            }
        }
        for key in keys.values {
            guard let value = credentials[string: key] else { continue }
            if !isFieldValue(value) {
                problems.append("credentials.\(key) must not contain line breaks or other control characters")
            }
        }
        return problems
    }

    /// RFC 9110 `token`: one or more tchar.
    public static func isToken(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 256 else { return false }
        return text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                true
            default: "!#$%&'*+-.^_`|~".utf8.contains(byte)
            }
        }
    }

    /// RFC 9110 `field-value`: visible characters, spaces and tabs (and non-ASCII octets), no CR, LF or NUL.
    public static func isFieldValue(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }
    }
}
