import Foundation

/// What changed between two states of an integration, as history records it: plain fields with their values,
/// condition groups by count, configuration and credential keys by name only.
enum IntegrationDiff {
    /// The field changes from `before` (nil on create) to `after`; `updatedAt` and deletion bookkeeping are left out.
    static func fields(from before: Integration?, to after: Integration) -> [IntegrationHistoryEntry.FieldChange] {
        var changes: [IntegrationHistoryEntry.FieldChange] = []
        func compare(_ field: String, _ old: JSONValue?, _ new: JSONValue) {
            if old != new { changes.append(.init(field: field, from: old, to: new)) }
        }
        compare("name", before.map { .string($0.name) }, .string(after.name))
        compare("identifier", before.map { .string($0.identifier) }, .string(after.identifier))
        compare("_environmentId", before.map { .string($0.environmentId) }, .string(after.environmentId))
        compare("active", before.map { .bool($0.active) }, .bool(after.active))
        compare("primary", before.map { .bool($0.primary) }, .bool(after.primary))
        compare("priority", before.map { .number(Double($0.priority)) }, .number(Double(after.priority)))
        if before?.conditions != after.conditions, before != nil || !after.conditions.isEmpty {
            // Conditions may hold tenant or payload values: only their number of groups is recorded.
            changes.append(.init(
                field: "conditions", from: before.map { .number(Double($0.conditions.count)) },
                to: .number(Double(after.conditions.count))))
        }
        for key in configurationKeys(from: before?.configurations, to: after.configurations) {
            changes.append(.init(field: "configurations.\(key)", from: nil, to: nil))
        }
        return changes
    }

    /// The credential keys added, removed and changed (sorted), never their values.
    static func credentialKeys(from before: Credentials?, to after: Credentials) -> IntegrationHistoryEntry.CredentialKeyChanges {
        let old = before?.values ?? [:]
        let new = after.values
        return .init(
            added: new.keys.filter { old[$0] == nil }.sorted(),
            removed: old.keys.filter { new[$0] == nil }.sorted(),
            changed: new.keys.filter { old[$0] != nil && old[$0] != new[$0] }.sorted())
    }

    /// The configuration keys whose value differs (by name).
    private static func configurationKeys(from before: Configurations?, to after: Configurations) -> [String] {
        let old = object(before ?? Configurations())
        let new = object(after)
        return Set(old.keys).union(new.keys).filter { old[$0] != new[$0] }.sorted()
    }

    private static func object(_ configurations: Configurations) -> [String: JSONValue] {
        guard let data = try? JSONEncoder().encode(configurations),
            let value = try? JSONValue.parse(data)
        else { return [:] }
        return value.objectValue?.filter { if case .null = $0.value { false } else { true } } ?? [:]
    }
}
