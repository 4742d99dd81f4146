import Foundation
import HeraldCore

/// Pieces the SMS webhook parsers share: request parameters, URL forms, shared-secret checks and dates.
enum SMSWebhookSupport {
    /// The query parameters of a URL, in order (`+` is a space, percent-escapes decoded).
    static func queryFields(_ url: String) -> [(name: String, value: String)] {
        guard let mark = url.firstIndex(of: "?") else { return [] }
        var query = url[url.index(after: mark)...]
        if let hash = query.firstIndex(of: "#") { query = query[..<hash] }
        return InboundWebhook.formFields(String(query))
    }

    /// The fields of a form-encoded body, or the top-level strings, numbers and booleans of a JSON object body.
    static func bodyFields(_ webhook: InboundWebhook) -> [(name: String, value: String)] {
        if webhook.isForm { return webhook.formFields() }
        guard let first = webhook.body.first(where: { !$0.isWhitespaceByte }), first == UInt8(ascii: "{"),
              let json = try? webhook.json(), let object = json.objectValue else {
            return webhook.body.isEmpty || webhook.header("content-type") != nil ? [] : webhook.formFields()
        }
        return object.keys.sorted().compactMap { key in
            switch object[key] {
            case .string(let text): return (key, text)
            case .number, .bool: return SMSFields.text(object[key]).map { (key, $0) }
            default: return nil
            }
        }
    }

    /// The last value of each field by name.
    static func dictionary(_ fields: [(name: String, value: String)]) -> [String: String] {
        var result: [String: String] = [:]
        for (name, value) in fields { result[name] = value }
        return result
    }

    /// The URL split at `scheme://authority`, the rest being path, query and fragment.
    static func authority(of url: String) -> (prefix: String, scheme: String, host: String, port: Int?, rest: String)? {
        guard let marker = url.range(of: "://") else { return nil }
        let scheme = String(url[..<marker.lowerBound]).lowercased()
        let afterScheme = url[marker.upperBound...]
        let end = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? afterScheme.endIndex
        var authority = afterScheme[..<end]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var host = String(authority)
        var port: Int?
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]"),
           let number = Int(authority[authority.index(after: colon)...]) {
            host = String(authority[..<colon])
            port = number
        }
        return (String(url[..<marker.upperBound]) + String(afterScheme[..<end]), scheme, host, port,
                String(afterScheme[end...]))
    }

    /// The URL as given, with the default port spelled out, and without a port (Twilio's signatures may use any).
    static func portVariants(_ url: String) -> [String] {
        guard let parts = authority(of: url) else { return [url] }
        let userInfo: String = {
            let afterScheme = parts.prefix.dropFirst(parts.scheme.count + 3)
            guard let at = afterScheme.lastIndex(of: "@") else { return "" }
            return String(afterScheme[...at])
        }()
        let base = "\(parts.scheme)://\(userInfo)\(parts.host)"
        let defaultPort = parts.scheme == "https" ? 443 : 80
        let withPort = "\(base):\(parts.port ?? defaultPort)\(parts.rest)"
        let withoutPort = "\(base)\(parts.rest)"
        var variants = [url]
        for variant in [withoutPort, withPort] where !variants.contains(variant) { variants.append(variant) }
        return variants
    }

    /// `scheme://host[:port]/path`: the URL without its query and fragment.
    static func withoutQuery(_ url: String) -> String {
        var text = Substring(url)
        if let hash = text.firstIndex(of: "#") { text = text[..<hash] }
        if let mark = text.firstIndex(of: "?") { text = text[..<mark] }
        return String(text)
    }


    /// A reason built from an error code and a description, either of which may be missing or a "no error" zero.
    static func detail(code: String?, _ description: String? = nil) -> String? {
        let code = code.flatMap { $0.isEmpty || $0 == "0" || $0 == "000" ? nil : $0 }
        let description = description.flatMap { $0.isEmpty ? nil : $0 }
        switch (code, description) {
        case (let code?, let description?): return "\(code): \(description)"
        case (let code?, nil): return code
        case (nil, let description?): return description
        case (nil, nil): return nil
        }
    }
}

private extension UInt8 {
    var isWhitespaceByte: Bool { self == 0x20 || self == 0x09 || self == 0x0a || self == 0x0d }
}
