import Foundation

/// The credentials of an integration: an open map restricted to the known credential keys.
///
/// Values are strings, booleans, or (for `tlsOptions`) an object, as in Novu's `CredentialsDto`.
public struct Credentials: Sendable, Hashable, Codable {
    /// The stored values by key.
    public var values: [String: JSONValue]

    /// Creates credentials from already validated values.
    public init(_ values: [String: JSONValue] = [:]) {
        self.values = values
    }

    /// Whether no key is set.
    public var isEmpty: Bool { values.isEmpty }

    /// The string value of a key, if set and a string.
    public subscript(string key: String) -> String? { values[key]?.stringValue }

    /// The boolean value of a key, if set and a boolean.
    public subscript(bool key: String) -> Bool? { values[key]?.boolValue }

    /// The text with every credential string value (4 characters or more), in any escaped form, replaced by
    /// `[redacted]`: provider error bodies sometimes echo what they were sent. See ``Redactor``.
    public func redacting(_ text: String) -> String {
        Redactor(self).redact(text)
    }

    private static func port(_ number: Int?) -> Int? {
        guard let number, (1...65_535).contains(number) else { return nil }
        return number
    }

    /// Whether a key carries a usable value (a non-empty string, a boolean or an object).
    public func hasValue(_ key: String) -> Bool {
        switch values[key] {
        case .none, .null: false
        case .string(let text): !text.trimmingCharacters(in: .whitespaces).isEmpty
        default: true
        }
    }

    /// Validates a JSON object against the credential key set; unknown keys and wrong types are reported by name.
    public static func validate(_ json: JSONValue, field: String = "credentials") throws -> Credentials {
        guard case .object(let members) = json else {
            throw HeraldError.validation(["\(field) must be an object"])
        }
        var values: [String: JSONValue] = [:]
        var problems: [String] = []
        for (rawKey, value) in members.sorted(by: { $0.key < $1.key }) {
            let key = CredentialKey.canonical(rawKey)
            guard let type = CredentialKey.type(of: key) else {
                problems.append("\(field).\(rawKey) is not a known credential key")
                continue
            }
            if case .null = value { continue }
            switch (type, value) {
            case (.string, .string(let text)) where key == "port":
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty {
                    values[key] = value
                } else if let port = Self.port(Int(trimmed)) {
                    values[key] = .string(String(port))
                } else {
                    problems.append("\(field).\(rawKey) must be a port number from 1 to 65535")
                }
            case (.string, .number(let number)) where key == "port":
                // Novu's SDKs send `port` as a number although the DTO says string; accept and normalise.
                if let port = Self.port(Int(exactly: number)) {
                    values[key] = .string(String(port))
                } else {
                    problems.append("\(field).\(rawKey) must be a port number from 1 to 65535")
                }
            case (.string, .string), (.boolean, .bool), (.object, .object):
                values[key] = value
            case (.boolean, .string(let text)) where text == "true" || text == "false":
                values[key] = .bool(text == "true")
            default:
                problems.append("\(field).\(rawKey) must be a \(type.rawValue)")
            }
        }
        if !problems.isEmpty { throw HeraldError.validation(problems) }
        return Credentials(values)
    }
}
