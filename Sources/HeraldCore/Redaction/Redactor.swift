/// Removes secrets from text that came from a provider (error bodies echo what they were sent) before it reaches a
/// caller, a log or the database. Every string credential of four characters or more is a secret, and so is every
/// value an adapter derived from them (an access token); each is also found in the forms a provider may echo it in:
/// JSON-escaped (`\/`, `\"`, `\u00e9`) and percent-encoded.
///
/// Text is redacted whole and only then cut to length, so a secret is never half-kept at a cut.
public struct Redactor: Sendable, Hashable {
    /// Text recorded as an attempt's error or shown in a check failure is cut to this many characters.
    public static let maxRecordedLength = 200
    /// What a secret is replaced with.
    public static let mark = "[redacted]"

    private var needles: [String] = []

    /// A redactor for credentials (strings at any depth, e.g. inside `tlsOptions`) and other secrets.
    public init(_ credentials: Credentials..., secrets: [String] = []) {
        for set in credentials { for value in set.values.values { collect(value) } }
        for secret in secrets { add(secret) }
    }

    /// The same redactor, also removing `secret` (a token an adapter obtained).
    public func adding(_ secret: String) -> Redactor {
        var copy = self
        copy.add(secret)
        return copy
    }

    /// The text with every secret, in every form, replaced by `[redacted]`.
    public func redact(_ text: String) -> String {
        var result = text
        for needle in needles where result.contains(needle) {
            result = result.replacingOccurrences(of: needle, with: Self.mark)
        }
        return result
    }

    /// Redacted, on one line, then cut to ``maxRecordedLength`` characters: what is recorded or shown.
    public func record(_ text: String) -> String {
        let redacted = redact(text).replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        guard redacted.count > Self.maxRecordedLength else { return redacted }
        return String(redacted.prefix(Self.maxRecordedLength)) + "…"
    }

    private mutating func collect(_ value: JSONValue) {
        switch value {
        case .string(let text): add(text)
        case .array(let items): for item in items { collect(item) }
        case .object(let members): for member in members.values { collect(member) }
        default: break
        }
    }

    private mutating func add(_ secret: String) {
        guard secret.count >= 4 else { return }
        for form in Self.forms(of: secret) where !needles.contains(form) { needles.append(form) }
        // Longest first, so a secret that contains another is replaced whole.
        needles.sort { $0.utf8.count > $1.utf8.count }
    }

    /// The secret as written, JSON-escaped (with and without `\/`, with `\u` escapes for non-ASCII in both cases
    /// of hex) and percent-encoded (both cases of hex, `+` or `%20` for spaces).
    static func forms(of secret: String) -> Set<String> {
        var forms: Set<String> = [secret]
        for escapeSlash in [false, true] {
            for asciiOnly in [false, true] {
                for upper in [false, true] {
                    forms.insert(jsonEscaped(secret, escapeSlash: escapeSlash, asciiOnly: asciiOnly, upper: upper))
                }
            }
        }
        for upper in [false, true] {
            let encoded = PercentEncoding.encode(secret, uppercase: upper)
            forms.insert(encoded)
            forms.insert(encoded.replacingOccurrences(of: "%20", with: "+"))
        }
        return forms
    }

    private static func hex(_ value: UInt32, width: Int, upper: Bool) -> String {
        let digits = String(value, radix: 16, uppercase: upper)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static func jsonEscaped(_ text: String, escapeSlash: Bool, asciiOnly: Bool, upper: Bool) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "/" where escapeSlash: out += "\\/"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || (asciiOnly && scalar.value > 0x7E) {
                    for unit in String(scalar).utf16 { out += "\\u" + hex(UInt32(unit), width: 4, upper: upper) }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

}
