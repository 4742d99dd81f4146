import Foundation
import HeraldCore

/// Turns domain values into the plain dictionaries the templates read, and form posts into API-shaped bodies.
enum DashboardViews {
    /// Choices for the catalogue's dropdown credentials (the catalogue marks them; their values are the adapters').
    static let dropdownOptions: [String: [String]] = [
        "sendgrid.region": ["", "eu"], "sparkpost.region": ["", "eu"], "sinch.region": ["us", "eu", "au", "br", "ca"],
        "isend-sms.contentType": ["", "unicode", "plain"], "one-signal.apiVersion": ["", "externalId", "playerModel"],
    ]

    static func notice(_ code: String?) -> String? {
        switch code {
        case "created": "Integration created."
        case "saved": "Changes saved."
        case "activated": "Integration activated."
        case "deactivated": "Integration deactivated."
        case "primary": "Integration is now the primary."
        case "deleted": "Integration deleted."
        case "conditions": "Conditions saved."
        case "queued": "Test delivery queued."
        case "retried": "Delivery queued for another round."
        default: nil
        }
    }

    static func summary(_ integration: Integration) -> [String: Any] {
        [
            "id": integration.id, "name": integration.name, "identifier": integration.identifier,
            "providerId": integration.providerId, "channel": integration.channel.rawValue,
            "providerName": ProviderCatalogue.provider(id: integration.providerId)?.displayName ?? integration.providerId,
            "active": integration.active, "primary": integration.primary, "priority": integration.priority,
            "conditionGroups": integration.conditions.count, "hasConditions": integration.hasConditions,
            "environmentId": integration.environmentId,
            "updatedAt": WireDate.format(integration.updatedAt),
        ]
    }

    /// An integration's circuit and its recent success rate (this instance's breakers, as in `GET …/health`).
    static func health(_ health: CircuitBreakers.Health) -> [String: Any] {
        [
            "state": health.state, "stateClass": "health-\(health.state)", "recentAttempts": health.recentAttempts,
            "recentSuccesses": health.recentSuccesses,
            "successRate": health.recentAttempts == 0
                ? "—" : "\(Int((Double(health.recentSuccesses) / Double(health.recentAttempts) * 100).rounded()))%",
        ]
    }

    // MARK: - Credential forms

    /// One control per credential of the provider's schema. Secrets are never written into the page: an existing
    /// secret shows as set, and leaving its field empty keeps it.
    static func fields(_ provider: ProviderDescriptor, current: Integration?, form: FormBody?) -> [[String: Any]] {
        provider.credentials.map { spec in
            let name = "cred.\(spec.key)"
            let stored = current?.credentials.values[spec.key]
            var field: [String: Any] = [
                "key": spec.key, "name": name, "label": label(spec.key), "required": spec.required,
                "secret": spec.secret, "inputId": "field-\(spec.key)",
            ]
            let storedText: String? = switch stored {
            case .string(let text): text
            case .object, .array: stored.map { String(decoding: $0.encoded(), as: UTF8.self) }
            default: nil
            }
            let value = spec.secret ? (form?[name] ?? "") : (form?[name] ?? storedText ?? "")
            switch spec.kind {
            case .switch:
                field["isSwitch"] = true
                field["checked"] = form.map { $0[name] == "on" } ?? (stored?.boolValue ?? false)
            case .dropdown:
                field["isDropdown"] = true
                var options = dropdownOptions["\(provider.id).\(spec.key)"] ?? [""]
                if !value.isEmpty && !options.contains(value) { options.append(value) }
                field["options"] = options.map { ["value": $0, "label": $0.isEmpty ? "(default)" : $0, "selected": $0 == value] }
            case .textarea, .object:
                field["isTextarea"] = true
                field["value"] = value
            case .string, .number:
                field["isInput"] = true
                field["value"] = value
                field["inputType"] = spec.secret ? "password" : (spec.kind == .number || spec.key == "port" ? "number" : "text")
            }
            if spec.secret && current?.credentials.hasValue(spec.key) == true {
                field["isSet"] = true
                field["placeholder"] = "Set — leave empty to keep the current value"
            }
            return field
        }
    }

    /// `apiKey` → `Api key`, `senderName` → `Sender name`.
    static func label(_ key: String) -> String {
        var words: [String] = []
        var word = ""
        for character in key {
            if character.isUppercase, !word.isEmpty, !(word.last?.isUppercase ?? false) {
                words.append(word)
                word = ""
            }
            word.append(character)
        }
        words.append(word)
        let text = words.map { $0.count > 1 && $0 == $0.uppercased() ? $0 : $0.lowercased() }.joined(separator: " ")
        return text.prefix(1).uppercased() + text.dropFirst()
    }

    /// The API body (`name`, `identifier`, `active`, `credentials`) a create or edit form stands for.
    static func body(from form: FormBody, provider: ProviderDescriptor, current: Integration?) throws -> [String: JSONValue] {
        var body: [String: JSONValue] = [:]
        if let name = form.nonEmpty("name") { body["name"] = .string(name) }
        if let identifier = form.nonEmpty("identifier") { body["identifier"] = .string(identifier) }
        body["active"] = .bool(form["active"] == "on")
        var credentials = current?.credentials.values ?? [:]
        var problems: [String] = []
        for spec in provider.credentials {
            let name = "cred.\(spec.key)"
            switch spec.kind {
            case .switch:
                if form[name] == "on" { credentials[spec.key] = .bool(true) }
                else if credentials[spec.key] != nil { credentials[spec.key] = .bool(false) }
            case .object:
                guard let text = form.nonEmpty(name) else { credentials[spec.key] = nil; continue }
                if let value = try? JSONValue.parse(Data(text.utf8)), value.objectValue != nil {
                    credentials[spec.key] = value
                } else {
                    problems.append("credentials.\(spec.key) must be a JSON object")
                }
            default:
                if let text = form.nonEmpty(name) { credentials[spec.key] = .string(text) }
                else if !spec.secret || current == nil { credentials[spec.key] = nil }
            }
        }
        if !problems.isEmpty { throw HeraldError.validation(problems) }
        body["credentials"] = .object(credentials)
        return body
    }

    // MARK: - Conditions and dry run

    static func conditionsJSON(_ conditions: [StepFilter]) -> String {
        guard !conditions.isEmpty, let data = try? JSONEncoder.dashboardPretty.encode(conditions) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The conditions editor's groups and rows, as form controls; the script turns them into the JSON the form posts.
    static func conditionGroups(_ conditions: [StepFilter]) -> [[String: Any]] {
        conditions.map { group in
            conditionGroup(combinator: group.value, isNegated: group.isNegated, type: group.type ?? "",
                           rows: group.children.map { conditionRow($0) })
        }
    }

    /// An empty group with one empty row, and an empty row: what "Add a group" and "Add a condition" copy.
    static var blankConditionGroup: [String: Any] {
        conditionGroup(combinator: .and, isNegated: false, type: "", rows: [blankConditionRow])
    }

    static var blankConditionRow: [String: Any] {
        conditionRow(on: .tenant, field: "", operator: .equal, valueText: "", valueJSON: "")
    }

    private static func conditionGroup(
        combinator: StepFilter.Combinator, isNegated: Bool, type: String, rows: [[String: Any]]
    ) -> [String: Any] {
        ["isAnd": combinator == .and, "isOr": combinator == .or, "isNegated": isNegated, "type": type, "rows": rows]
    }

    private static func conditionRow(_ part: FilterPart) -> [String: Any] {
        conditionRow(on: part.on, field: part.field, operator: part.operator, valueText: conditionText(part.value),
                     valueJSON: String(decoding: part.value.encoded(), as: UTF8.self))
    }

    private static func conditionRow(
        on: FilterPart.Scope, field: String, operator op: FieldOperator, valueText: String, valueJSON: String
    ) -> [String: Any] {
        [
            "onOptions": FilterPart.Scope.allCases.map { ["value": $0.rawValue, "selected": $0 == on] },
            "field": field, "operator": op.rawValue,
            "operatorOptions": FieldOperator.allCases.map { ["value": $0.rawValue, "selected": $0 == op] },
            "valueText": valueText, "valueJSON": valueJSON,
        ]
    }

    /// A condition value as the editor's text box shows it: lists comma-separated.
    static func conditionText(_ value: JSONValue) -> String {
        switch value {
        case .null: ""
        case .array(let items): items.map { conditionText($0) }.joined(separator: ", ")
        default: text(value)
        }
    }

    /// A delivery request for the dry run, with the channel and a recipient filled in.
    static func sampleDelivery(_ integration: Integration) -> String {
        let to: String = switch integration.channel {
        case .email: #""email": "someone@example.com""#
        case .sms: #""phone": "+15555550123""#
        case .chat: #""webhookUrl": "https://hooks.example.com/x""#
        case .push: #""deviceTokens": ["token"]"#
        case .inApp: #""subscriberId": "subscriber-1""#
        }
        return """
            {
              "channel": "\(integration.channel.rawValue)",
              "to": {\(to)},
              "content": {"subject": "Hello", "text": "Hello", "content": "Hello"},
              "tenant": {"identifier": "acme"},
              "payload": {}
            }
            """
    }

    /// "Herald would try: A, then B — C skipped because conditions not matched."
    static func summary(_ decision: IntegrationSelector.Decision) -> String {
        let chain = decision.chain.map(\.name)
        var text = chain.isEmpty ? "Herald would try no integration" : "Herald would try: " + chain.joined(separator: ", then ")
        let skipped = decision.explanations.filter { $0.position == nil }
        if !skipped.isEmpty {
            text += " — " + skipped.map { "\($0.integration.name) skipped because \($0.reason)" }.joined(separator: "; ")
        }
        return text + "."
    }

    static func testRecipient(_ channel: Channel) -> [String: Any] {
        switch channel {
        case .email: ["field": "email", "label": "Email address", "placeholder": "someone@example.com"]
        case .sms: ["field": "phone", "label": "Phone (E.164)", "placeholder": "+15555550123"]
        case .chat: ["field": "webhookUrl", "label": "Webhook URL", "placeholder": "https://hooks.example.com/…"]
        case .push: ["field": "deviceTokens", "label": "Device token", "placeholder": "token"]
        case .inApp: ["field": "subscriberId", "label": "Subscriber id", "placeholder": "subscriber-1"]
        }
    }

    /// The delivery body of the "send test" form, pinned to the integration by its identifier.
    static func testDelivery(_ form: FormBody, integration: Integration) throws -> [String: JSONValue] {
        let field = testRecipient(integration.channel)["field"] as? String ?? "email"
        guard let address = form.nonEmpty("to") else { throw HeraldError.validation(["to.\(field) should not be empty"]) }
        let text = form.nonEmpty("content") ?? "A test from the Herald dashboard"
        var content: [String: JSONValue] = [integration.channel == .email ? "text" : "content": .string(text)]
        if integration.channel == .email { content["subject"] = .string(form.nonEmpty("subject") ?? "Herald test") }
        if integration.channel == .push { content["title"] = .string(form.nonEmpty("subject") ?? "Herald test") }
        return [
            "channel": .string(integration.channel.rawValue),
            "to": .object([field: field == "deviceTokens" ? .array([.string(address)]) : .string(address)]),
            "content": .object(content), "integrationIdentifier": .string(integration.identifier),
        ]
    }

    // MARK: - History and deliveries

    static func history(_ entry: IntegrationHistoryEntry, environments: Any?) -> [String: Any] {
        let names = environments as? [String: String] ?? [:]
        let who: String = switch entry.actor {
        case .admin: "admin"
        case .apiKey(let id): "API key of \(names[id] ?? id)"
        }
        var details = entry.changes.map { change -> String in
            switch (change.from, change.to) {
            case (nil, nil): return change.field
            case (nil, let to?): return "\(change.field) = \(text(to))"
            case (let from?, let to?): return "\(change.field): \(text(from)) → \(text(to))"
            case (let from?, nil): return "\(change.field): \(text(from)) →"
            }
        }
        let keys = entry.credentialKeys
        if !keys.added.isEmpty { details.append("credentials added: \(keys.added.joined(separator: ", "))") }
        if !keys.changed.isEmpty { details.append("credentials changed: \(keys.changed.joined(separator: ", "))") }
        if !keys.removed.isEmpty { details.append("credentials removed: \(keys.removed.joined(separator: ", "))") }
        return [
            "when": WireDate.format(entry.createdAt), "who": who, "action": entry.action.rawValue,
            "details": details, "causedBy": entry.causedBy as Any,
        ]
    }

    private static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .number(let number): number == number.rounded() ? String(Int(number)) : String(number)
        case .bool(let flag): flag ? "true" : "false"
        default: String(decoding: value.encoded(), as: UTF8.self)
        }
    }

    static func delivery(_ delivery: Delivery) -> [String: Any] {
        let last = delivery.attempts.last
        return [
            "id": delivery.id, "channel": delivery.request.channel.rawValue, "status": delivery.status.rawValue,
            "statusClass": "status-\(delivery.status.rawValue)", "attempts": delivery.attempts.count,
            "round": delivery.round, "createdAt": WireDate.format(delivery.createdAt),
            "updatedAt": WireDate.format(delivery.updatedAt), "environmentId": delivery.environmentId,
            "lastProvider": last?.providerId ?? "", "lastOutcome": last?.outcome.rawValue ?? "",
        ]
    }

    static func attempt(_ attempt: DeliveryAttempt) -> [String: Any] {
        [
            "round": attempt.round, "integrationId": attempt.integrationId, "identifier": attempt.identifier,
            "providerId": attempt.providerId, "outcome": attempt.outcome.rawValue,
            "startedAt": WireDate.format(attempt.startedAt),
            "durationMs": Int((attempt.endedAt.timeIntervalSince(attempt.startedAt) * 1000).rounded()),
            "messageId": attempt.messageId ?? "", "error": attempt.error ?? "", "reason": attempt.reason ?? "",
            "httpStatus": attempt.httpStatus.map(String.init) ?? "",
        ]
    }

    static func event(_ event: ProviderEvent) -> [String: Any] {
        [
            "status": event.status.rawValue, "providerStatus": event.providerStatus,
            "occurredAt": WireDate.format(event.occurredAt), "recipient": event.recipient ?? "",
            "verified": event.verified,
        ]
    }
}

extension JSONEncoder {
    static var dashboardPretty: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return encoder
    }
}
