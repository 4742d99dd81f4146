import Foundation

/// Parses `POST /v1/deliveries` (and selection dry-run) bodies, naming every bad field.
public enum DeliveryRequestParser {
    /// The body keys it accepts.
    static let knownKeys: Set<String> = [
        "channel", "to", "content", "integrationIdentifier", "tenant", "subscriber", "payload", "overrides",
        "transactionId", "fallback",
    ]
    /// At most this many fallback steps.
    static let maxFallbackSteps = 5

    static let toKeys: Set<String> = ["email", "phone", "deviceTokens", "webhookUrl", "subscriberId", "cc", "bcc", "channel"]
    static let contentKeys: Set<String> = [
        "subject", "html", "text", "content", "title", "body", "data", "from", "senderName", "replyTo", "attachments",
        "headers", "tags", "blocks", "sound", "badge", "imageUrl", "clickAction", "threadId", "category", "priority",
        "ttl", "collapseKey",
    ]

    /// The paths of strings (and object keys) under `value` that hold a NUL character.
    static func nulPaths(_ value: JSONValue, path: String, into found: inout [String]) {
        switch value {
        case .string(let text) where text.containsNUL:
            found.append(path)
        case .array(let items):
            for (index, item) in items.enumerated() { nulPaths(item, path: "\(path)[\(index)]", into: &found) }
        case .object(let members):
            for key in members.keys.sorted() {
                if key.containsNUL {
                    found.append(path)
                } else {
                    nulPaths(members[key]!, path: "\(path).\(key)", into: &found)
                }
            }
        default:
            break
        }
    }

    /// `content.attachments`: `[{filename, contentType?, content (base64), cid?}]`, each field checked by name.
    /// A plausible email address: `local@domain`, at most 254 characters, no whitespace, control characters, angle
    /// brackets or commas (which would let one field become several recipients or headers).
    static func isEmailAddress(_ text: String) -> Bool {
        guard text.utf8.count <= 254, let at = text.lastIndex(of: "@"), at != text.startIndex,
            text.index(after: at) != text.endIndex
        else { return false }
        return text.unicodeScalars.allSatisfy { scalar in
            scalar.value > 0x20 && scalar.value != 0x7F && !"<>,;\"\\()[]".unicodeScalars.contains(scalar)
                && !scalar.properties.isWhitespace
        }
    }

    static func attachments(_ value: JSONValue?, problems: inout [String]) -> [DeliveryRequest.Content.Attachment]? {
        guard let value, value != .null else { return nil }
        guard let items = value.arrayValue else {
            problems.append("content.attachments must be an array")
            return nil
        }
        var result: [DeliveryRequest.Content.Attachment] = []
        for (index, item) in items.enumerated() {
            let path = "content.attachments[\(index)]"
            guard let object = item.objectValue else {
                problems.append("\(path) must be an object")
                continue
            }
            for key in object.keys.sorted() where !["filename", "contentType", "content", "cid"].contains(key) {
                problems.append("property \(path).\(key) should not exist")
            }
            let filename = object["filename"]?.stringValue ?? ""
            let content = object["content"]?.stringValue ?? ""
            if filename.isEmpty { problems.append("\(path).filename is required") }
            if content.isEmpty || Data(base64Encoded: content) == nil {
                problems.append("\(path).content must be base64")
            }
            for key in ["contentType", "cid"] where object[key] != nil && object[key] != .null && object[key]?.stringValue == nil {
                problems.append("\(path).\(key) must be a string")
            }
            // Both go into MIME part headers: no spaces, control characters or angle brackets.
            let token = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&^_.+-")
            if let type = object["contentType"]?.stringValue {
                let parts = type.split(separator: "/", omittingEmptySubsequences: false)
                if parts.count != 2 || parts.contains(where: { $0.isEmpty || !$0.allSatisfy(token.contains) }) {
                    problems.append("\(path).contentType must be a media type such as image/png")
                }
            }
            if let cid = object["cid"]?.stringValue,
                cid.isEmpty || cid.count > 200 || !cid.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "<" && $0 != ">" })
            {
                problems.append("\(path).cid must be printable ASCII without spaces or angle brackets")
            }
            result.append(.init(
                filename: filename, contentType: object["contentType"]?.stringValue, content: content,
                cid: object["cid"]?.stringValue))
        }
        return result
    }

    /// The request, or a 422 listing every problem.
    public static func parse(_ body: [String: JSONValue]) throws -> DeliveryRequest {
        var problems = body.keys.sorted().filter { !knownKeys.contains($0) }.map { "property \($0) should not exist" }
        // PostgreSQL text cannot hold NUL (an in-app message or a subscriber lookup would fail in the worker), and no
        // field of a delivery has a use for it.
        var nul: [String] = []
        for key in body.keys.sorted() { nulPaths(body[key]!, path: key, into: &nul) }
        problems += nul.prefix(5).map { "\($0) must not contain NUL characters" }
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
        for key in to.keys.sorted() where !toKeys.contains(key) {
            problems.append("property to.\(key) should not exist")
        }
        for key in content.keys.sorted() where !contentKeys.contains(key) {
            problems.append("property content.\(key) should not exist")
        }
        func strings(_ object: [String: JSONValue], _ key: String, path: String, allowSingle: Bool = false) -> [String]? {
            guard let value = object[key], value != .null else { return nil }
            if allowSingle, let text = value.stringValue { return [text] }
            guard let items = value.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
                problems.append(allowSingle ? "\(path) must be a string or an array of strings" : "\(path) must be an array of strings")
                return nil
            }
            return items.compactMap(\.stringValue)
        }
        let emails = strings(to, "email", path: "to.email", allowSingle: true)
        var headers: [String: String]?
        if let value = content["headers"], value != .null {
            if let members = value.objectValue, members.values.allSatisfy({ $0.stringValue != nil }) {
                headers = members.compactMapValues(\.stringValue)
                for (name, text) in headers ?? [:] where !HeaderCredentials.isToken(name) || !HeaderCredentials.isFieldValue(text) {
                    problems.append("content.headers.\(name) is not a valid header name and value")
                }
            } else {
                problems.append("content.headers must be an object of strings")
            }
        }
        let attachments = Self.attachments(content["attachments"], problems: &problems)
        var tokens: [String]?
        if let value = to["deviceTokens"], value != .null {
            if let items = value.arrayValue, items.allSatisfy({ $0.stringValue != nil }) {
                tokens = items.compactMap(\.stringValue)
            } else {
                problems.append("to.deviceTokens must be an array of strings")
            }
        }
        var recipient = DeliveryRequest.Recipient(
            email: emails?.first, phone: string(to, "phone", path: "to.phone"),
            deviceTokens: tokens, webhookUrl: string(to, "webhookUrl", path: "to.webhookUrl"),
            subscriberId: string(to, "subscriberId", path: "to.subscriberId"))
        if let emails, emails.count > 1 { recipient.emails = emails }
        recipient.cc = strings(to, "cc", path: "to.cc")
        recipient.bcc = strings(to, "bcc", path: "to.bcc")
        recipient.channel = string(to, "channel", path: "to.channel")
        var message = DeliveryRequest.Content(
            subject: string(content, "subject", path: "content.subject"),
            html: string(content, "html", path: "content.html"), text: string(content, "text", path: "content.text"),
            content: string(content, "content", path: "content.content"),
            title: string(content, "title", path: "content.title"), body: string(content, "body", path: "content.body"),
            data: content["data"])
        message.from = string(content, "from", path: "content.from")
        message.senderName = string(content, "senderName", path: "content.senderName")
        message.replyTo = string(content, "replyTo", path: "content.replyTo")
        message.tags = strings(content, "tags", path: "content.tags")
        if channel == .email {
            // Addresses go into MIME headers and SMTP commands: no spaces, control characters or angle brackets.
            let addresses: [(String, [String]?)] = [
                ("to.email", emails), ("to.cc", recipient.cc), ("to.bcc", recipient.bcc),
                ("content.replyTo", message.replyTo.map { [$0] }), ("content.from", message.from.map { [$0] }),
            ]
            for (path, list) in addresses where !(list ?? []).allSatisfy(Self.isEmailAddress) {
                problems.append("\(path) must hold email addresses (local@domain, no spaces or control characters)")
            }
        }
        message.headers = headers
        message.attachments = attachments
        if let blocks = content["blocks"], blocks != .null {
            if blocks.arrayValue != nil { message.blocks = blocks } else { problems.append("content.blocks must be an array") }
        }
        func whole(_ key: String, in range: ClosedRange<Int>) -> Int? {
            guard let value = content[key], value != .null else { return nil }
            guard let number = value.numberValue, let whole = Int(exactly: number), range.contains(whole) else {
                problems.append("content.\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
                return nil
            }
            return whole
        }
        var push = DeliveryRequest.Content.PushOptions()
        push.sound = string(content, "sound", path: "content.sound")
        push.badge = whole("badge", in: 0...1_000_000)
        push.imageUrl = string(content, "imageUrl", path: "content.imageUrl")
        push.clickAction = string(content, "clickAction", path: "content.clickAction")
        push.threadId = string(content, "threadId", path: "content.threadId")
        push.category = string(content, "category", path: "content.category")
        push.priority = string(content, "priority", path: "content.priority")
        if let priority = push.priority, !["high", "normal"].contains(priority) {
            problems.append("content.priority must be one of: high, normal")
        }
        push.ttl = whole("ttl", in: 0...2_419_200)
        push.collapseKey = string(content, "collapseKey", path: "content.collapseKey")
        // It becomes a header (apns-collapse-id, at most 64 bytes) or a JSON field.
        if let key = push.collapseKey, key.utf8.count > 64 || !key.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) {
            problems.append("content.collapseKey must be printable ASCII of at most 64 bytes")
        }
        if !push.isEmpty { message.push = push }
        for key in ["tenant", "subscriber", "payload", "overrides"] {
            if let value = body[key], value != .null, value.objectValue == nil { problems.append("\(key) must be an object") }
        }
        for key in ["tenant", "subscriber", "payload"] {
            if let value = body[key] { ConditionLimits.checkVariables(value, path: key, problems: &problems) }
        }
        let identifier = string(body, "integrationIdentifier", path: "integrationIdentifier")
        let transactionId = string(body, "transactionId", path: "transactionId")
        let fallback = fallbackSteps(body["fallback"], inherited: recipient, problems: &problems)
        guard problems.isEmpty, let channel else { throw HeraldError.validation(problems) }
        var request = DeliveryRequest(
            channel: channel, to: recipient, content: message, integrationIdentifier: identifier,
            tenant: body["tenant"].flatMap { $0 == .null ? nil : $0 },
            subscriber: body["subscriber"].flatMap { $0 == .null ? nil : $0 },
            payload: body["payload"].flatMap { $0 == .null ? nil : $0 },
            overrides: body["overrides"]?.objectValue, transactionId: transactionId)
        request.fallback = fallback
        return request
    }

    /// `fallback`: up to five `{channel, to?, content}` steps, each checked like a request of its own (with the
    /// original's `to` when it has none), problems named `fallback[i].…`.
    static func fallbackSteps(
        _ value: JSONValue?, inherited: DeliveryRequest.Recipient, problems: inout [String]
    ) -> [DeliveryRequest.FallbackStep]? {
        guard let value, value != .null else { return nil }
        guard let items = value.arrayValue, (1...maxFallbackSteps).contains(items.count) else {
            problems.append("fallback must be an array of 1 to \(maxFallbackSteps) steps")
            return nil
        }
        var steps: [DeliveryRequest.FallbackStep] = []
        for (index, item) in items.enumerated() {
            guard let object = item.objectValue else {
                problems.append("fallback[\(index)] must be an object")
                continue
            }
            let allowed: Set<String> = ["channel", "to", "content"]
            for key in object.keys.sorted() where !allowed.contains(key) {
                problems.append("property fallback[\(index)].\(key) should not exist")
            }
            do {
                var step = try parse(object.filter { allowed.contains($0.key) })
                let ownAddress = object["to"].map { $0 != .null } ?? false
                if !ownAddress { step.to = inherited }
                // An address that comes from a subscriber is resolved when the step is sent.
                if !step.needsSubscriberAddress { try step.validate() }
                steps.append(.init(channel: step.channel, to: ownAddress ? step.to : nil, content: step.content))
            } catch let error as HeraldError {
                problems += (error.messages.isEmpty ? [error.message] : error.messages).map { "fallback[\(index)].\($0)" }
            } catch {
                problems.append("fallback[\(index)] is invalid")
            }
        }
        return steps
    }
}
