import Foundation

/// Parses `POST /v1/deliveries` (and selection dry-run) bodies, naming every bad field.
public enum DeliveryRequestParser {
    static let knownKeys: Set<String> = [
        "channel", "to", "content", "integrationIdentifier", "tenant", "subscriber", "payload", "overrides",
        "transactionId",
    ]

    /// The request, or a 422 listing every problem.
    public static func parse(_ body: [String: JSONValue]) throws -> DeliveryRequest {
        var problems = body.keys.sorted().filter { !knownKeys.contains($0) }.map { "property \($0) should not exist" }
        func string(_ object: [String: JSONValue], _ key: String, path: String) -> String? {
            guard let value = object[key], value != .null else { return nil }
            guard let text = value.stringValue else {
                problems.append("\(path) must be a string")
                return nil
            }
            return text
        }
        func object(_ key: String) -> [String: JSONValue] {
            guard let value = body[key], value != .null else { return [:] }
            guard let members = value.objectValue else {
                problems.append("\(key) must be an object")
                return [:]
            }
            return members
        }
        var channel: Channel?
        if let text = string(body, "channel", path: "channel") {
            channel = Channel(rawValue: text)
            if channel == nil { problems.append("channel must be one of: \(Channel.allCases.map(\.rawValue).joined(separator: ", "))") }
        } else if body["channel"] == nil {
            problems.append("channel should not be empty")
        }
        let to = object("to")
        let content = object("content")
        for key in to.keys.sorted() where !["email", "phone", "deviceTokens", "webhookUrl", "subscriberId"].contains(key) {
            problems.append("property to.\(key) should not exist")
        }
        for key in content.keys.sorted() where !["subject", "html", "text", "content", "title", "body", "data"].contains(key) {
            problems.append("property content.\(key) should not exist")
        }
        var tokens: [String]?
        if let value = to["deviceTokens"], value != .null {
            if let items = value.arrayValue, items.allSatisfy({ $0.stringValue != nil }) {
                tokens = items.compactMap(\.stringValue)
            } else {
                problems.append("to.deviceTokens must be an array of strings")
            }
        }
        let recipient = DeliveryRequest.Recipient(
            email: string(to, "email", path: "to.email"), phone: string(to, "phone", path: "to.phone"),
            deviceTokens: tokens, webhookUrl: string(to, "webhookUrl", path: "to.webhookUrl"),
            subscriberId: string(to, "subscriberId", path: "to.subscriberId"))
        let message = DeliveryRequest.Content(
            subject: string(content, "subject", path: "content.subject"),
            html: string(content, "html", path: "content.html"), text: string(content, "text", path: "content.text"),
            content: string(content, "content", path: "content.content"),
            title: string(content, "title", path: "content.title"), body: string(content, "body", path: "content.body"),
            data: content["data"])
        for key in ["tenant", "subscriber", "payload", "overrides"] {
            if let value = body[key], value != .null, value.objectValue == nil { problems.append("\(key) must be an object") }
        }
        for key in ["tenant", "subscriber", "payload"] {
            if let value = body[key] { ConditionLimits.checkVariables(value, path: key, problems: &problems) }
        }
        let identifier = string(body, "integrationIdentifier", path: "integrationIdentifier")
        let transactionId = string(body, "transactionId", path: "transactionId")
        guard problems.isEmpty, let channel else { throw HeraldError.validation(problems) }
        return DeliveryRequest(
            channel: channel, to: recipient, content: message, integrationIdentifier: identifier,
            tenant: body["tenant"].flatMap { $0 == .null ? nil : $0 },
            subscriber: body["subscriber"].flatMap { $0 == .null ? nil : $0 },
            payload: body["payload"].flatMap { $0 == .null ? nil : $0 },
            overrides: body["overrides"]?.objectValue, transactionId: transactionId)
    }
}
