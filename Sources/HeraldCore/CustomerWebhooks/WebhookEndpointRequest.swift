/// `POST`/`PUT /v1/webhook-endpoints` bodies: each field optional on update; nil leaves it unchanged.
public struct WebhookEndpointInput: Sendable, Hashable {
    public var url: String?
    public var eventTypes: [CustomerEventType]?
    public var enabled: Bool?
    /// `.some(nil)` clears the description.
    public var description: String??

    /// Creates an input.
    public init(url: String? = nil, eventTypes: [CustomerEventType]? = nil, enabled: Bool? = nil, description: String?? = nil) {
        self.url = url
        self.eventTypes = eventTypes
        self.enabled = enabled
        self.description = description
    }
}

/// Parses webhook endpoint bodies, naming every bad field in one 422.
public enum WebhookEndpointRequest {
    static let keys: Set<String> = ["url", "eventTypes", "enabled", "description"]
    /// The longest URL.
    public static let maxURLLength = 2048
    /// The longest description.
    public static let maxDescriptionLength = 1024

    /// `POST`: `url` required.
    public static func create(_ body: [String: JSONValue]) throws -> WebhookEndpointInput {
        let (input, problems) = parse(body, requireURL: true)
        if !problems.isEmpty { throw HeraldError.validation(problems) }
        return input
    }

    /// `PUT`: only the fields sent change.
    public static func update(_ body: [String: JSONValue]) throws -> WebhookEndpointInput {
        let (input, problems) = parse(body, requireURL: false)
        if !problems.isEmpty { throw HeraldError.validation(problems) }
        return input
    }

    static func parse(_ body: [String: JSONValue], requireURL: Bool) -> (WebhookEndpointInput, [String]) {
        var problems = body.keys.sorted().filter { !keys.contains($0) }.map { "property \($0) should not exist" }
        var input = WebhookEndpointInput()
        switch body["url"] {
        case nil, .null?:
            if requireURL { problems.append("url should not be empty") }
        case .string(let url)?:
            if url.utf8.count > maxURLLength || !isHTTPURL(url) {
                problems.append("url must be an http or https URL of at most \(maxURLLength) characters")
            } else {
                input.url = url
            }
        default:
            problems.append("url must be an http or https URL of at most \(maxURLLength) characters")
        }
        switch body["eventTypes"] {
        case nil, .null?:
            break
        case .array(let items)?:
            var types: [CustomerEventType] = []
            var bad = false
            for item in items {
                if let type = item.stringValue.flatMap(CustomerEventType.init(rawValue:)) {
                    if !types.contains(type) { types.append(type) }
                } else {
                    bad = true
                }
            }
            if bad {
                problems.append("eventTypes must only contain: \(CustomerEventType.allCases.map(\.rawValue).joined(separator: ", "))")
            } else {
                input.eventTypes = types
            }
        default:
            problems.append("eventTypes must be an array of event types")
        }
        switch body["enabled"] {
        case nil, .null?: break
        case .bool(let enabled)?: input.enabled = enabled
        default: problems.append("enabled must be a boolean")
        }
        switch body["description"] {
        case nil: break
        case .null?: input.description = .some(nil)
        case .string(let text)? where text.count <= maxDescriptionLength && !text.containsNUL:
            input.description = .some(text)
        default: problems.append("description must be a string of at most \(maxDescriptionLength) characters, without NUL")
        }
        return (input, problems)
    }

    /// An absolute `http`/`https` URL with a host (what the outbound guard accepts to look at).
    static func isHTTPURL(_ text: String) -> Bool {
        (try? OutboundTarget(url: text)) != nil && !text.unicodeScalars.contains { $0.value < 0x21 || $0.value == 0x7F }
    }
}
