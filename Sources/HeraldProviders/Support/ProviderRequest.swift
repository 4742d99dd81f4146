import HeraldCore

/// One request to a provider's API: any method, a JSON, form, multipart or raw body, and its authentication.
public struct ProviderRequest: Sendable {
    /// What the request carries.
    public enum Body: Sendable {
        case none
        /// A JSON document (`application/json`).
        case json(JSONValue)
        /// JSON already written (e.g. from an `Encodable`).
        case jsonBytes([UInt8])
        /// `application/x-www-form-urlencoded`, in the given order (repeated names allowed).
        case form([(String, String)])
        /// `multipart/form-data`.
        case multipart(MultipartBody)
        /// Bytes of a given content type.
        case raw([UInt8], contentType: String)
    }

    /// How the request authenticates.
    public enum Auth: Sendable {
        /// `Authorization: Basic base64(user:password)`.
        case basic(user: String, password: String)
        /// `Authorization: Bearer <token>`.
        case bearer(String)
        /// A header of the provider's choosing.
        case header(String, String)
    }

    public var method: String
    public var url: String
    public var headers: [(String, String)]
    public var body: Body
    public var auth: Auth?

    /// Creates a request (POST by default).
    public init(_ method: String = "POST", _ url: String, headers: [(String, String)] = [], body: Body = .none, auth: Auth? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.auth = auth
    }

    /// The body's bytes and content type.
    func encodedBody() -> (bytes: [UInt8], contentType: String?) {
        switch body {
        case .none: return ([], nil)
        case .json(let value):
            var bytes: [UInt8] = []
            value.write(into: &bytes)
            return (bytes, "application/json")
        case .jsonBytes(let bytes): return (bytes, "application/json")
        case .form(let pairs): return (Array(FormEncoding.encode(pairs).utf8), "application/x-www-form-urlencoded")
        case .multipart(let multipart): return (multipart.bytes, multipart.contentType)
        case .raw(let bytes, let contentType): return (bytes, contentType)
        }
    }

    /// The `Authorization` (or custom) header for `auth`.
    func authHeader() -> (String, String)? {
        switch auth {
        case .none: return nil
        case .basic(let user, let password):
            return ("Authorization", "Basic " + Base64.encode(Array("\(user):\(password)".utf8)))
        case .bearer(let token): return ("Authorization", "Bearer \(token)")
        case .header(let name, let value): return (name, value)
        }
    }
}

/// `application/x-www-form-urlencoded` as browsers and providers read it: unreserved characters as they are,
/// spaces as `+`, everything else percent-encoded.
public enum FormEncoding {
    /// Encodes pairs in order.
    public static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "*"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "): out += "+"
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}

/// A `multipart/form-data` body (RFC 7578): text fields and files.
public struct MultipartBody: Sendable {
    /// One part.
    public struct Part: Sendable {
        public let name: String
        public let filename: String?
        public let contentType: String?
        public let data: [UInt8]

        /// A text field.
        public static func field(_ name: String, _ value: String) -> Part {
            Part(name: name, filename: nil, contentType: nil, data: Array(value.utf8))
        }

        /// A file.
        public static func file(_ name: String, filename: String, contentType: String, data: [UInt8]) -> Part {
            Part(name: name, filename: filename, contentType: contentType, data: data)
        }
    }

    public let parts: [Part]
    public let boundary: String

    /// Creates a body with a random boundary.
    public init(_ parts: [Part], boundary: String = "herald-" + Identifiers.randomAlphanumeric(24)) {
        self.parts = parts
        self.boundary = boundary
    }

    /// The `Content-Type` header value.
    public var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    /// The encoded body.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        for part in parts {
            out += Array("--\(boundary)\r\n".utf8)
            var disposition = "Content-Disposition: form-data; name=\"\(Self.quoted(part.name))\""
            if let filename = part.filename { disposition += "; filename=\"\(Self.quoted(filename))\"" }
            out += Array((disposition + "\r\n").utf8)
            if let contentType = part.contentType { out += Array("Content-Type: \(contentType)\r\n".utf8) }
            out += Array("\r\n".utf8)
            out += part.data
            out += Array("\r\n".utf8)
        }
        out += Array("--\(boundary)--\r\n".utf8)
        return out
    }

    /// Quotes and line breaks cannot end a quoted parameter early.
    static func quoted(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "%22")
            .replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }
}

/// Standard base64 without Foundation.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Encodes bytes with padding.
    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 2 < bytes.count {
            let value = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            out += [alphabet[Int(value >> 18 & 63)], alphabet[Int(value >> 12 & 63)], alphabet[Int(value >> 6 & 63)], alphabet[Int(value & 63)]]
            index += 3
        }
        let rest = bytes.count - index
        if rest == 1 {
            let value = UInt32(bytes[index]) << 16
            out += [alphabet[Int(value >> 18 & 63)], alphabet[Int(value >> 12 & 63)], UInt8(ascii: "="), UInt8(ascii: "=")]
        } else if rest == 2 {
            let value = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
            out += [alphabet[Int(value >> 18 & 63)], alphabet[Int(value >> 12 & 63)], alphabet[Int(value >> 6 & 63)], UInt8(ascii: "=")]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
