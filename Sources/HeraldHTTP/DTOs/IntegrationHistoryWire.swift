import HeraldCore

/// The wire shape of an integration's history entry (`GET /v1/integrations/{id}/history`).
enum IntegrationHistoryWire {
    static func encode(_ entry: IntegrationHistoryEntry) -> JSONValue {
        let actor: JSONValue = switch entry.actor {
        case .admin: .object(["type": .string("admin")])
        case .apiKey(let environmentId): .object(["type": .string("apiKey"), "environmentId": .string(environmentId)])
        }
        return .object([
            "_id": .string(String(entry.sequence)),
            "_integrationId": .string(entry.integrationId),
            "_environmentId": .string(entry.environmentId),
            "actor": actor,
            "action": .string(entry.action.rawValue),
            "changes": .array(entry.changes.map { change in
                .object(["field": .string(change.field), "from": change.from ?? .null, "to": change.to ?? .null])
            }),
            "credentialKeys": .object([
                "added": .array(entry.credentialKeys.added.map(JSONValue.string)),
                "removed": .array(entry.credentialKeys.removed.map(JSONValue.string)),
                "changed": .array(entry.credentialKeys.changed.map(JSONValue.string)),
            ]),
            "causedBy": entry.causedBy.map(JSONValue.string) ?? .null,
            "createdAt": .string(WireDate.format(entry.createdAt)),
        ])
    }
}
