import Foundation
import HeraldCore

/// Novu's wire shape of an integration.
enum IntegrationWire {
    /// How credentials appear in a response.
    enum CredentialsMode {
        /// Decrypted values (admin callers).
        case decrypted
        /// `credentials: {}` (ApiKey callers on lists).
        case empty
        /// No `credentials` key (ApiKey callers on create, update, set-primary and delete).
        case omitted
    }

    static func mode(for principal: Principal, onList: Bool) -> CredentialsMode {
        principal.mayReadCredentials ? .decrypted : (onList ? .empty : .omitted)
    }

    static func encode(_ integration: Integration, credentials mode: CredentialsMode) -> JSONValue {
        var object: [String: JSONValue] = [
            "_id": .string(integration.id),
            "_environmentId": .string(integration.environmentId),
            "_organizationId": .string(integration.organizationId),
            "name": .string(integration.name),
            "identifier": .string(integration.identifier),
            "providerId": .string(integration.providerId),
            "channel": .string(integration.channel.rawValue),
            "active": .bool(integration.active),
            "deleted": .bool(integration.deleted),
            "primary": .bool(integration.primary),
            "priority": .number(Double(integration.priority)),
            "conditions": conditions(integration.conditions),
            "createdAt": .string(WireDate.format(integration.createdAt)),
            "updatedAt": .string(WireDate.format(integration.updatedAt)),
        ]
        let configurations = mode == .decrypted ? integration.configurations : integration.configurations.redacted
        object["configurations"] = configurationsJSON(configurations)
        switch mode {
        case .decrypted: object["credentials"] = .object(integration.credentials.values)
        case .empty: object["credentials"] = .object([:])
        case .omitted: break
        }
        if let deletedAt = integration.deletedAt { object["deletedAt"] = .string(WireDate.format(deletedAt)) }
        if let deletedBy = integration.deletedBy { object["deletedBy"] = .string(deletedBy) }
        return .object(object)
    }

    static func list(_ integrations: [Integration], principal: Principal, onList: Bool = true) -> JSONValue {
        let mode = mode(for: principal, onList: onList)
        return .array(integrations.map { encode($0, credentials: mode) })
    }

    private static func configurationsJSON(_ configurations: Configurations) -> JSONValue {
        var object: [String: JSONValue] = [:]
        if let value = configurations.inboundWebhookEnabled { object["inboundWebhookEnabled"] = .bool(value) }
        if let value = configurations.inboundWebhookSigningKey { object["inboundWebhookSigningKey"] = .string(value) }
        if let value = configurations.configurationSetName { object["configurationSetName"] = .string(value) }
        if let value = configurations.inboxCount { object["inboxCount"] = .string(value) }
        if let value = configurations.pushResources { object["pushResources"] = value }
        if let value = configurations.maxConcurrency { object["maxConcurrency"] = .number(Double(value)) }
        if let value = configurations.maxPerSecond { object["maxPerSecond"] = .number(value) }
        return .object(object)
    }

    private static func conditions(_ filters: [StepFilter]) -> JSONValue {
        .array(filters.map { filter in
            var object: [String: JSONValue] = [
                "isNegated": .bool(filter.isNegated),
                "value": .string(filter.value.rawValue),
                "children": .array(filter.children.map { part in
                    .object([
                        "field": .string(part.field), "value": part.value,
                        "operator": .string(part.operator.rawValue), "on": .string(part.on.rawValue),
                    ])
                }),
            ]
            if let type = filter.type { object["type"] = .string(type) }
            return .object(object)
        })
    }
}
