import Foundation
import HeraldCore
import SQLKit

/// Maps integration history entries to and from `integration_history` rows (changes and keys as JSON text).
enum IntegrationHistoryRow {
    static let columns = """
        seq, integration_id, environment_id, organization_id, actor_kind, actor_environment_id, action, changes, \
        credential_keys, caused_by, created_at
        """

    static func insert(_ entry: IntegrationHistoryEntry, into db: any SQLDatabase) async throws {
        let (kind, environmentId): (String, String?) = switch entry.actor {
        case .admin: ("admin", nil)
        case .apiKey(let id): ("apiKey", id)
        }
        let changes = JSONValue.array(entry.changes.map { change in
            var object: [String: JSONValue] = ["field": .string(change.field)]
            if let from = change.from { object["from"] = from }
            if let to = change.to { object["to"] = to }
            return .object(object)
        })
        let keys = JSONValue.object([
            "added": .array(entry.credentialKeys.added.map(JSONValue.string)),
            "removed": .array(entry.credentialKeys.removed.map(JSONValue.string)),
            "changed": .array(entry.credentialKeys.changed.map(JSONValue.string)),
        ])
        try await db.raw("""
            INSERT INTO integration_history (integration_id, environment_id, organization_id, actor_kind,
            actor_environment_id, action, changes, credential_keys, caused_by, created_at) VALUES (
            \(bind: entry.integrationId), \(bind: entry.environmentId), \(bind: entry.organizationId), \(bind: kind),
            \(bind: environmentId), \(bind: entry.action.rawValue), \(bind: text(changes)), \(bind: text(keys)),
            \(bind: entry.causedBy), \(bind: entry.createdAt.millis))
            """).run()
    }

    static func decode(_ row: any SQLRow) throws -> IntegrationHistoryEntry {
        let kind = try row.decode(column: "actor_kind", as: String.self)
        let actorEnvironment = try row.decode(column: "actor_environment_id", as: String?.self)
        let actor: IntegrationHistoryEntry.Actor = kind == "apiKey" ? .apiKey(environmentId: actorEnvironment ?? "") : .admin
        guard let action = IntegrationHistoryEntry.Action(rawValue: try row.decode(column: "action", as: String.self))
        else { throw HeraldError.unavailable("Stored history entry has an unknown action") }
        let changes = try JSONValue.parse(Data(try row.decode(column: "changes", as: String.self).utf8)).arrayValue ?? []
        let keys = try JSONValue.parse(Data(try row.decode(column: "credential_keys", as: String.self).utf8))
        func names(_ field: String) -> [String] { keys.objectValue?[field]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        return IntegrationHistoryEntry(
            sequence: try row.decode(column: "seq", as: Int64.self),
            integrationId: try row.decode(column: "integration_id", as: String.self),
            environmentId: try row.decode(column: "environment_id", as: String.self),
            organizationId: try row.decode(column: "organization_id", as: String.self),
            actor: actor, action: action,
            changes: changes.compactMap { change in
                guard let object = change.objectValue, let field = object["field"]?.stringValue else { return nil }
                return .init(field: field, from: object["from"], to: object["to"])
            },
            credentialKeys: .init(added: names("added"), removed: names("removed"), changed: names("changed")),
            causedBy: try row.decode(column: "caused_by", as: String?.self),
            createdAt: Date(millis: try row.decode(column: "created_at", as: Int64.self)))
    }

    private static func text(_ value: JSONValue) -> String { String(decoding: value.encoded(), as: UTF8.self) }
}
